using Npgsql;
using Regsosek.Api.Statistics;
using Regsosek.Data.Database;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Infrastructure;

public static class DatabaseExtensions
{
    /// <summary>One pooled data source for the process, connecting with the read-only API role.</summary>
    public static void AddRegsosekDatabase(this WebApplicationBuilder builder)
    {
        // Resolved when first needed, not at builder time, so configuration added later (tests, hosting) applies.
        builder.Services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<RegionStore>();
        builder.Services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new ReleaseStore(sp.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System,
                TimeSpan.FromSeconds(configuration.GetValue("Releases:CacheSeconds", ReleaseStore.DefaultMaxAge.TotalSeconds)),
                TimeSpan.FromSeconds(configuration.GetValue("Releases:StaleIfErrorSeconds", ReleaseStore.DefaultStaleIfError.TotalSeconds)));
        });
        builder.Services.AddSingleton<StatisticsStore>();
        builder.Services.AddSingleton<Regsosek.Data.Tables.TableStore>();
        builder.Services.AddSingleton(sp => new Tables.PublishedCellCache(sp.GetRequiredService<Regsosek.Data.Tables.TableStore>(),
            sp.GetRequiredService<IConfiguration>().GetValue(Tables.PublishedCellCache.SettingKey, Tables.PublishedCellCache.DefaultMegabytes)));
        builder.Services.AddSingleton<Regsosek.Data.Exports.ReleaseFileStore>();
        builder.Services.AddSingleton(sp =>
            sp.GetRequiredService<IConfiguration>().GetSection(Releases.ReleaseFileSettings.Section).Get<Releases.ReleaseFileSettings>() ?? new());
        builder.Services.AddSingleton<Releases.ReleaseFileCache>();
        builder.Services.AddSingleton(sp => new PublishedRowCache(sp.GetRequiredService<StatisticsStore>(),
            sp.GetRequiredService<IConfiguration>().GetValue(PublishedRowCache.SettingKey, PublishedRowCache.DefaultMegabytes)));
        builder.Services.AddHostedService<MigrationCheck>();
        // After the migration check (hosted services start in order): it reads tables only a migrated database has.
        builder.Services.AddHostedService<PublishedChecksumCheck>();
    }

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration) =>
        ApiDataSource.Create(configuration.GetConnectionString(DatabaseDefaults.ApiConnectionName),
            configuration.GetSection(ApiDatabaseSettings.Section).Get<ApiDatabaseSettings>() ?? new ApiDatabaseSettings());

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
