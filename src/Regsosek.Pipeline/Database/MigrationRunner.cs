using Dapper;
using DbUp;
using DbUp.Engine.Output;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Pipeline.Database;

/// <summary>
/// Applies the migrations embedded in Regsosek.Data (see <see cref="Migrator"/>) in order, with DbUp. Here, not beside
/// the scripts, so the API, which only checks for pending ones, does not ship DbUp.
/// </summary>
public static class MigrationRunner
{
    public static void Migrate(string adminConnectionString, TextWriter log)
    {
        var upgrader = DeployChanges.To.PostgresqlDatabase(adminConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(Migrator.ResourcePrefix, StringComparison.Ordinal))
            .JournalToPostgresqlTable(Migrator.JournalSchema, Migrator.JournalTable)
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
        try
        {
            await connection.ExecuteAsync(new CommandDefinition($"GRANT regsosek_reader TO {quoted}", cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Memberships are cluster-wide: another database's migration granted the same one at the same moment.
        }
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
