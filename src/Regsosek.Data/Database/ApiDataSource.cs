using Npgsql;

namespace Regsosek.Data.Database;

/// <summary>Configuration section <c>Database</c>: the API's connection pool.</summary>
public sealed class ApiDatabaseSettings
{
    public const string Section = "Database";

    public int MaxPoolSize { get; set; } = 50;

    public int CommandTimeoutSeconds { get; set; } = 15;
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
        };
        // The name labels the pool in /metrics; without it Npgsql would label it with the connection string (host, user).
        return new NpgsqlDataSourceBuilder(csb.ConnectionString) { Name = csb.ApplicationName }.Build();
    }
}
