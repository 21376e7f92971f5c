using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace Regsosek.Data.Database;

/// <summary>Applies db/migrations (embedded in this assembly) in order, journalled in public.schema_versions.</summary>
public static class Migrator
{
    public const string JournalSchema = "public";
    public const string JournalTable = "schema_versions";
    private const string ResourcePrefix = "migrations/";

    public static IReadOnlyList<string> EmbeddedScripts { get; } =
        typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static void Migrate(string adminConnectionString, TextWriter log)
    {
        var upgrader = DeployChanges.To.PostgresqlDatabase(adminConnectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .JournalToPostgresqlTable(JournalSchema, JournalTable)
            .WithTransactionPerScript()
            .WithExecutionTimeout(TimeSpan.FromHours(2))
            .LogTo(new TextWriterLog(log))
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new MigrationException($"migration {result.ErrorScript?.Name ?? "?"} failed: {result.Error.Message}", result.Error);
        }
    }

    /// <summary>
    /// Lets the API's login role read what the reader role may read. The role name comes from the
    /// API's connection string, so any deployment's API user gets exactly the reader grants.
    /// </summary>
    public static async Task GrantReaderAsync(string adminConnectionString, string apiConnectionString, CancellationToken ct)
    {
        var apiUser = new NpgsqlConnectionStringBuilder(apiConnectionString).Username;
        if (string.IsNullOrEmpty(apiUser))
        {
            return;
        }
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = @apiUser)", new { apiUser }, cancellationToken: ct));
        if (!exists)
        {
            throw new MigrationException($"the API role '{apiUser}' does not exist; create it (CREATE ROLE {apiUser} LOGIN PASSWORD '...') and migrate again");
        }
        var quoted = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT quote_ident(@apiUser)", new { apiUser }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition($"GRANT regsosek_reader TO {quoted}", cancellationToken: ct));
    }

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

    private sealed class TextWriterLog(TextWriter writer) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => writer.WriteLine("migrate: " + string.Format(format, args));
        public void LogWarning(string format, params object[] args) => writer.WriteLine("migrate: warning: " + string.Format(format, args));
        public void LogError(string format, params object[] args) => writer.WriteLine("migrate: error: " + string.Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => writer.WriteLine("migrate: error: " + string.Format(format, args) + ": " + ex.Message);
    }
}

public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
