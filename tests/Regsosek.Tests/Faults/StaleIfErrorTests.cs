using System.Net;
using System.Text.Json;
using Npgsql;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Faults;

/// <summary>
/// Published values never change, so while the database is away the API keeps answering what it already holds in
/// memory (the release list, published rows) and answers 503 with Retry-After only for what it would have to read.
/// </summary>
[Collection(OwnPostgresCollection.Name)]
public sealed class StaleIfErrorTests(OwnPostgresFixture database, ITestOutputHelper output)
{
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [Fact]
    public async Task While_the_database_is_away_answers_held_in_memory_stay_200_and_the_others_are_503_with_retry_after()
    {
        await database.Server.EnsureRunningAsync();
        var release = await PublishAsync();
        // The release list is read again on every request, so each one meets the outage, not a copy still fresh.
        await using var api = new IsolatedApi(database.Api, new() { ["Database:ConnectionTimeoutSeconds"] = "2", ["Releases:CacheSeconds"] = "0" });
        using var client = api.CreateClient();
        string[] held =
        [
            "/api/v1/statistics/tiers?region=18,18.71", $"/api/v1/statistics/deciles.csv?region=18.71&release={release}",
            $"/api/v1/statistics/tiers.jsonstat?parent=18.71&level=district&release={release}", "/api/v1/releases", $"/api/v1/releases/{release}",
        ];
        string[] notHeld = ["/api/v1/statistics/tiers?region=18.72", "/api/v1/statistics/tiers?region=18&release=not-yet-known", "/api/v1/regions/18"];
        var before = new Dictionary<string, string>();
        foreach (var url in held)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            before[url] = await response.Content.ReadAsStringAsync();
        }

        await database.Server.StopImmediatelyAsync();
        try
        {
            foreach (var url in held)
            {
                using var response = await client.GetAsync(url);
                output.WriteLine($"database down: {(int)response.StatusCode} {url}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(before[url], await response.Content.ReadAsStringAsync());
            }
            foreach (var url in notHeld)
            {
                using var response = await client.GetAsync(url);
                output.WriteLine($"database down: {(int)response.StatusCode} {url}");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableExceptionHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("/problems/service-unavailable", problem.GetProperty("type").GetString());
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await database.Server.StartServerAsync();
        }
        using var back = await client.GetAsync(notHeld[0]);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task The_release_list_is_answered_from_memory_during_an_outage_only_until_it_is_stale_if_error_old()
    {
        await database.Server.EnsureRunningAsync();
        var release = await PublishAsync();
        // As the API sets it at start-up (AddRegsosekDatabase): the store's rows map by snake_case names.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        var clock = new ManualClock();
        var staleIfError = TimeSpan.FromMinutes(1);
        // Unpooled: a pooled connection from before the restart would fail the first read after it (the API reads again then).
        await using var db = NpgsqlDataSource.Create(database.Api + ";Timeout=2;Pooling=false");
        var store = new ReleaseStore(db, clock, ReleaseStore.DefaultMaxAge, staleIfError);
        Assert.Equal(release, (await store.FindAsync(ReleaseStore.Latest, CancellationToken.None))?.Name);

        await database.Server.StopImmediatelyAsync();
        try
        {
            clock.Advance(ReleaseStore.DefaultMaxAge);
            Assert.Equal(release, (await store.FindAsync(ReleaseStore.Latest, CancellationToken.None))?.Name);
            Assert.Equal(release, (await store.FindAsync(release, CancellationToken.None))?.Name);
            // A name the list lacks may have been published since: the store cannot say it does not exist.
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.FindAsync("not-yet-known", CancellationToken.None));

            clock.Advance(staleIfError);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.FindAsync(ReleaseStore.Latest, CancellationToken.None));
        }
        finally
        {
            await database.Server.StartServerAsync();
        }
        Assert.Equal(release, (await store.FindAsync(ReleaseStore.Latest, CancellationToken.None))?.Name);
    }

    /// <summary>A small current release of 200 Lampung families, published by the real importer and publisher.</summary>
    private async Task<string> PublishAsync()
    {
        var name = "stale-" + Guid.NewGuid().ToString("N")[..8];
        await using var db = NpgsqlDataSource.Create(database.Admin);
        var villages = (await PublishedReleaseFixture.LampungVillagesAsync(db)).Where(v => v.Code.StartsWith("18.71.", StringComparison.Ordinal)).ToList();
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var families = FamilyGenerator.Generate(villages, new GeneratorOptions(5, 200)).Select(f => f with { FamilyKey = f.FamilyKey + offset });
        await PublishedReleaseFixture.ImportAndPublishAsync(db, name, families, makeCurrent: true);
        // The throwaway server commits asynchronously, and an immediate stop would lose the publication's last WAL.
        await using var super = new NpgsqlConnection(database.Server.ConnectionString("postgres", "postgres") + ";Pooling=false");
        await super.OpenAsync();
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", super);
        await checkpoint.ExecuteNonQueryAsync();
        return name;
    }
}
