using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Regsosek.Data.Database;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Infrastructure;

/// <summary>The API in-process, on the shared test database, connecting with the read-only API role.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestConnectionStrings Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.GetAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // One console line per request of thousands would bury the test results; tests of the log capture it themselves.
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(QuietConsole.Settings).AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseDefaults.ApiConnectionName}"] = Database.Api,
            // Every test client shares one address; tests of the limit itself lower it on their own host.
            ["RateLimiting:PermitsPerWindow"] = "1000000",
            ["ConcurrencyLimits:PerClient"] = "1000000",
            // Fixtures publish new current releases into the shared database while this host runs; the release
            // cache would show them on latest seconds late by design (its own tests use their own database).
            ["Releases:CacheSeconds"] = "0",
        }));
    }

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}

/// <summary>
/// The tests of the shared host run one class at a time, so the statistics release (published once, as the current
/// release) stays what latest points to while they run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>, ICollectionFixture<StatisticsReleaseFixture>
{
    public const string Name = "api";
}
