using Npgsql;

namespace Regsosek.Data.Database;

/// <summary>Configuration section <c>Database</c>: the API's connection pool.</summary>
public sealed class ApiDatabaseSettings
{
    public const string Section = "Database";

    public int MaxPoolSize { get; set; } = 50;

    public int CommandTimeoutSeconds { get; set; } = 15;

    public int ConnectionTimeoutSeconds { get; set; } = 5;
}

/// <summary>
/// The read-only data source of the API. Also used by bench/Baseline, so the benchmark's bar (a bare Dapper lookup)
/// connects exactly as the API does and a ratio compares the endpoints, not two pool configurations.
/// </summary>
public static class ApiDataSource
{
    public static NpgsqlDataSource Create(string? configuredConnectionString, ApiDatabaseSettings settings)
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseDefaults.Resolve(DatabaseDefaults.ApiConnectionName, configuredConnectionString))
        {
            ApplicationName = "regsosek-api",
            MaxPoolSize = settings.MaxPoolSize,
            CommandTimeout = settings.CommandTimeoutSeconds,
            // Npgsql's Timeout bounds both opening a connection and waiting for a free one in the pool, so a dead
            // or saturated database turns into a 503 after this long instead of an ever longer queue.
            Timeout = settings.ConnectionTimeoutSeconds,
            // The API runs a handful of statements over and over: prepared once per connection, each call skips the
            // parse and plan (bench/api.sh measures it).
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
            // The API sets no session state, so a connection back from the pool needs no reset; the reset would
            // also run server-side on the next use of every connection.
            NoResetOnClose = true,
            // One command per connection at a time: multiplexing queues statements behind each other (a slow export
            // would delay every short call on its connection).
            Multiplexing = false,
        };
        // The name labels the pool in /metrics; without it Npgsql would label it with the connection string (host, user).
        return new NpgsqlDataSourceBuilder(csb.ConnectionString) { Name = csb.ApplicationName }.Build();
    }
}
