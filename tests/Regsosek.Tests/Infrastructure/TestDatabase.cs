using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Pipeline.Database;
using Regsosek.Pipeline.Regions;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL database for the whole test run, recreated at the start, migrated and
/// loaded with every region. Unreachable PostgreSQL fails the tests; nothing here skips.
/// </summary>
public static class TestDatabase
{
    /// <summary>REGSOSEK_TEST_DB lets two checkouts run their tests on one cluster at once.</summary>
    public static readonly string Name = Environment.GetEnvironmentVariable("REGSOSEK_TEST_DB") ?? "regsosek_test";
    private static readonly Lazy<Task<TestConnectionStrings>> Ready = new(CreateAsync);

    public static Task<TestConnectionStrings> GetAsync() => Ready.Value;

    public static string AdminServerConnectionString => DatabaseDefaults.Resolve(DatabaseDefaults.AdminConnectionName,
        Environment.GetEnvironmentVariable($"ConnectionStrings__{DatabaseDefaults.AdminConnectionName}"));

    public static string ApiServerConnectionString => DatabaseDefaults.Resolve(DatabaseDefaults.ApiConnectionName,
        Environment.GetEnvironmentVariable($"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"));

    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = true }.ConnectionString;

    private static async Task<TestConnectionStrings> CreateAsync()
    {
        var strings = await RecreateAsync(Name);
        MigrationRunner.Migrate(strings.Admin, TextWriter.Null);
        await MigrationRunner.GrantReaderAsync(strings.Admin, strings.Api, CancellationToken.None);
        var package = await IdnAreaPackage.FetchAsync(LocalPaths.CacheDirectory(), TextWriter.Null, CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(strings.Admin);
        await RegionLoader.LoadAsync(db, package, TextWriter.Null, CancellationToken.None);
        return strings;
    }

    /// <summary>Drops and creates an empty database; used for the shared one and for tests that need a blank slate.</summary>
    public static async Task<TestConnectionStrings> RecreateAsync(string database)
    {
        try
        {
            await using var server = await OpenServerAsync();
            await DropAsync(server, database);
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {database}", server))
            {
                await create.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is needed by the tests and could not be reached ({e.Message}). Run scripts/test.sh, which starts it, " +
                $"or set ConnectionStrings__{DatabaseDefaults.AdminConnectionName}.", e);
        }
        return new TestConnectionStrings(WithDatabase(AdminServerConnectionString, database), WithDatabase(ApiServerConnectionString, database));
    }

    /// <summary>
    /// The admin role on the server's <c>postgres</c> database, for creating and dropping databases. Unpooled: a pooled
    /// connection would outlive the caller and hold a session that the next DROP or CREATE ... TEMPLATE waits for.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var server = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(AdminServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await server.OpenAsync();
        return server;
    }

    private const string OtherRolesSessionsSql =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = @database AND usename <> current_user";

    /// <summary>
    /// DROP DATABASE ... WITH (FORCE) may end the admin role's own sessions but not the API role's (that needs
    /// pg_signal_backend, which the admin role rightly lacks). The API role's sessions of a pool disposed a moment ago
    /// are still exiting, so they are waited for; one that stays is a leaked pool and is named as such. An exiting
    /// session leaves pg_stat_activity a moment before it leaves the server, so a DROP refused for it is tried again.
    /// Autovacuum (no usename: not counted; its backend_type is hidden from a role without pg_read_all_stats, as other
    /// roles' are) runs as the bootstrap superuser, which FORCE may not end either (refused, 42501); a plain DROP ends
    /// autovacuum itself, so that is tried next.
    /// </summary>
    public static async Task DropAsync(NpgsqlConnection server, string database, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var others = await CountOtherRolesSessionsAsync(server, database);
            if (others == 0)
            {
                try
                {
                    try
                    {
                        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                    {
                        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database}");
                    }
                    return;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse
                                                  && DateTime.UtcNow < deadline)
                {
                    // A session between leaving pg_stat_activity and ending; look again.
                }
            }
            else if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"{others} session(s) of another role still use database {database} after {timeoutSeconds} s; " +
                    "a data source or WebApplicationFactory on it was not disposed.");
            }
            await Task.Delay(100);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection server, string sql)
    {
        await using var command = new NpgsqlCommand(sql, server) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountOtherRolesSessionsAsync(NpgsqlConnection server, string database)
    {
        await using var count = new NpgsqlCommand(OtherRolesSessionsSql, server);
        count.Parameters.AddWithValue("database", database);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}

public sealed record TestConnectionStrings(string Admin, string Api);
