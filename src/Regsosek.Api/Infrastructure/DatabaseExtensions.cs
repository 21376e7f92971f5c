using Dapper;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Infrastructure;

public static class DatabaseExtensions
{
    /// <summary>One pooled data source for the process, connecting with the read-only API role.</summary>
    public static void AddRegsosekDatabase(this WebApplicationBuilder builder)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Resolved when first needed, not at builder time, so configuration added later (tests, hosting) applies.
        builder.Services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<RegionStore>();
        builder.Services.AddSingleton<ReleaseStore>();
        builder.Services.AddSingleton<StatisticsStore>();
        builder.Services.AddHostedService<MigrationCheck>();
        // After the migration check (hosted services start in order): it reads tables only a migrated database has.
        builder.Services.AddHostedService<PublishedChecksumCheck>();
    }

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration)
    {
        var connectionString = DatabaseDefaults.Resolve(DatabaseDefaults.ApiConnectionName,
            configuration.GetConnectionString(DatabaseDefaults.ApiConnectionName));
        var settings = configuration.GetSection("Database");
        var csb = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "regsosek-api",
            MaxPoolSize = settings.GetValue("MaxPoolSize", 50),
            CommandTimeout = settings.GetValue("CommandTimeoutSeconds", 15),
            // Npgsql's Timeout bounds both opening a connection and waiting for a free one in the pool, so a dead
            // or saturated database turns into a 503 after this long instead of an ever longer queue.
            Timeout = settings.GetValue("ConnectionTimeoutSeconds", 5),
        };
        return new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();
    }

    /// <summary>Runs the app; a database that is unreachable or not migrated ends start-up with one line, not a stack trace.</summary>
    public static async Task<int> RunUntilStoppedAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            Console.Error.WriteLine($"regsosek-api: {e.Message}");
            return 1;
        }
    }
}

public sealed class DatabaseNotReadyException(string message) : Exception(message);

/// <summary>Refuses to start against a database that lacks migrations this build expects.</summary>
internal sealed class MigrationCheck(NpgsqlDataSource db) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> pending;
        try
        {
            pending = await Migrator.PendingAsync(db, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseNotReadyException(
                $"cannot reach the database ({e.Message}); start it with scripts/pg.sh start or set ConnectionStrings__{DatabaseDefaults.ApiConnectionName}");
        }
        if (pending.Count > 0)
        {
            throw new DatabaseNotReadyException(
                $"database is not migrated ({pending.Count} pending, first {pending[0]}); run: dotnet run --project src/Regsosek.Cli -- migrate");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
