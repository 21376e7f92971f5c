using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Dapper;

namespace Regsosek.Data.Database;

/// <summary>
/// Every query of this assembly maps snake_case columns onto PascalCase members. Dapper keeps that switch in one global;
/// setting it where the assembly loads, not in whichever host happens to use it first, makes a store behave the same in
/// the API, the CLI and a test that builds a store on its own (one failed on the order its tests ran in).
/// </summary>
internal static class DapperConventions
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The convention belongs to this assembly's SQL and must hold before any of its queries runs.")]
    internal static void MatchSnakeCaseColumns() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
