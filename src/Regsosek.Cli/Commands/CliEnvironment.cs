using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Cli.Commands;

/// <summary>Connection strings from ConnectionStrings__* variables, else the embedded default cluster.</summary>
internal static class CliEnvironment
{
    public static string AdminConnectionString => DatabaseDefaults.Resolve(
        DatabaseDefaults.AdminConnectionName, Environment.GetEnvironmentVariable($"ConnectionStrings__{DatabaseDefaults.AdminConnectionName}"));

    public static string ApiConnectionString => DatabaseDefaults.Resolve(
        DatabaseDefaults.ApiConnectionName, Environment.GetEnvironmentVariable($"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"));

    public static NpgsqlDataSource AdminDataSource() => new NpgsqlDataSourceBuilder(AdminConnectionString).Build();
}
