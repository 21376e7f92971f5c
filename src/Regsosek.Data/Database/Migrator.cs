using Dapper;
using Npgsql;

namespace Regsosek.Data.Database;

/// <summary>
/// The schema this build expects: db/migrations, embedded in this assembly, journalled in public.schema_versions.
/// The API only checks that none is pending; the admin CLI applies them (Regsosek.Pipeline's MigrationRunner).
/// </summary>
public static class Migrator
{
    public const string JournalSchema = "public";
    public const string JournalTable = "schema_versions";
    public const string ResourcePrefix = "migrations/";

    public static IReadOnlyList<string> EmbeddedScripts { get; } =
        typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Names of embedded migrations the database has not run; readable with the API's role.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var journalExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@name) IS NOT NULL", new { name = $"{JournalSchema}.{JournalTable}" }, cancellationToken: ct));
        if (!journalExists)
        {
            return EmbeddedScripts;
        }
        var applied = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT scriptname FROM {JournalSchema}.{JournalTable}", cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        return EmbeddedScripts.Where(s => !applied.Contains(s)).ToList();
    }
}
