using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Database;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Scale;

/// <summary>
/// The API on a multi-host connection string (prefer-standby) while its standby lags behind a new release and while the
/// standby is promoted after the primary died. A lagging standby answers consistently with what it has: a release it has
/// not replayed yet is 404 (it cannot know the name), <c>latest</c> is its own current release; never a 500.
/// </summary>
public sealed class StandbyLagAndPromotionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ConditionBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lagging_standby_answers_its_own_state_and_shows_the_new_release_once_it_replays_it()
    {
        await using var pair = await StartPairAsync();
        var first = await PublishAsync(pair, seed: 1);
        await pair.StartStandbyAsync();
        await using var api = CreateApi(pair);
        using var client = api.CreateClient();
        Assert.Equal(first, await LatestAsync(client));

        await using var standby = pair.Superuser(pair.StandbyPort);
        await ScalarAsync<object>(standby, "SELECT pg_wal_replay_pause()");
        Assert.True(await WaitUntilAsync(async () => await ScalarAsync<string>(standby, "SELECT pg_get_wal_replay_pause_state()") == "paused"), "replay never paused");
        var second = await PublishAsync(pair, seed: 2);

        // Longer than the release list's cache, so the lagging list is read again from the standby, more than once.
        const int Rounds = 20;
        var lag = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            using var pinned = await client.GetAsync($"/api/v1/statistics/tiers?region=18&release={second}");
            Assert.Equal(HttpStatusCode.NotFound, pinned.StatusCode);
            Assert.Equal(first, await LatestAsync(client));
            await Task.Delay(100);
        }
        output.WriteLine($"replay paused, '{second}' published on the primary: {Rounds} x 404 for it and {Rounds} x 200 for latest ('{first}') " +
                         $"over {lag.Elapsed.TotalSeconds:F1} s");

        await ScalarAsync<object>(standby, "SELECT pg_wal_replay_resume()");
        var clock = Stopwatch.StartNew();
        Assert.True(await WaitUntilAsync(async () => await LatestAsync(client) == second), $"latest never became '{second}' after replay resumed");
        using var replayed = await client.GetAsync($"/api/v1/statistics/tiers?region=18&release={second}");
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        output.WriteLine($"replay resumed: latest is '{second}' after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Promoting_the_standby_after_the_primary_died_keeps_the_api_answering_without_a_500()
    {
        await using var pair = await StartPairAsync();
        var release = await PublishAsync(pair, seed: 1);
        await pair.StartStandbyAsync();
        await using var api = CreateApi(pair);
        using var client = api.CreateClient();
        Assert.Equal(release, await LatestAsync(client));

        var outcomes = new ConcurrentQueue<(TimeSpan Started, int Status, string? RetryAfter)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        string[] paths = ["/api/v1/regions/18.71", "/api/v1/statistics/tiers?region=18,18.71", $"/api/v1/statistics/deciles?parent=18.71&release={release}", "/api/v1/releases"];
        var load = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = w; !stop.IsCancellationRequested; i++)
            {
                var started = clock.Elapsed;
                using var response = await client.GetAsync(paths[i % paths.Length], CancellationToken.None);
                outcomes.Enqueue((started, (int)response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString()));
            }
        })).ToArray();
        Assert.True(await WaitUntilAsync(() => Task.FromResult(outcomes.Count >= 20)), "no load before the switch");

        var crashed = clock.Elapsed;
        await pair.CrashPrimaryAsync();
        await using var standby = pair.Superuser(pair.StandbyPort);
        Assert.True(await ScalarAsync<bool>(standby, "SELECT pg_promote(true, 60)"));
        Assert.False(await ScalarAsync<bool>(standby, "SELECT pg_is_in_recovery()"));
        var promoted = clock.Elapsed;
        var settled = promoted + TimeSpan.FromSeconds(1);
        Assert.True(await WaitUntilAsync(() => Task.FromResult(outcomes.Count(o => o.Started > settled) >= 40)), "no load after the promotion");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = outcomes.ToList();
        output.WriteLine($"{all.Count} requests; primary crashed at {crashed.TotalSeconds:F1} s, standby promoted at {promoted.TotalSeconds:F1} s; by status: " +
                         string.Join(", ", all.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
        Assert.All(all, o => Assert.Contains(o.Status, new[] { 200, 503 }));
        Assert.All(all.Where(o => o.Status == 503), o => Assert.NotNull(o.RetryAfter));
        var afterPromotion = all.Where(o => o.Started > settled).ToList();
        Assert.NotEmpty(afterPromotion);
        Assert.All(afterPromotion, o => Assert.Equal(200, o.Status));
    }

    private async Task<ReplicatedPair> StartPairAsync()
    {
        var regionSource = TestDatabase.GetAsync();
        var pair = await ReplicatedPair.StartPrimaryAsync();
        try
        {
            MigrationRunner.Migrate(pair.Admin, TextWriter.Null);
            await MigrationRunner.GrantReaderAsync(pair.Admin, pair.ApiMultiHost, CancellationToken.None);
            await StandbyFailoverTests.CopyLampungRegionsAsync((await regionSource).Admin, pair.Admin);
            await CopyRegionSourceAsync((await regionSource).Admin, pair.Admin);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>The importer names the region package a release was coded against (region_source): copied as it is.</summary>
    private static async Task CopyRegionSourceAsync(string testDatabaseAdmin, string primaryAdmin)
    {
        await using var source = new NpgsqlConnection(testDatabaseAdmin);
        await source.OpenAsync();
        string rows;
        using (var export = await source.BeginTextExportAsync("COPY region_source TO STDOUT"))
        {
            rows = await export.ReadToEndAsync();
        }
        await using var target = new NpgsqlConnection(primaryAdmin);
        await target.OpenAsync();
        await using var import = await target.BeginTextImportAsync("COPY region_source FROM STDIN");
        await import.WriteAsync(rows);
    }

    /// <summary>A small current release (300 families of Bandar Lampung) on the primary, by the real importer and publisher.</summary>
    private async Task<string> PublishAsync(ReplicatedPair pair, int seed)
    {
        var name = $"pair-{seed}-" + Guid.NewGuid().ToString("N")[..6];
        await using var db = NpgsqlDataSource.Create(pair.Admin);
        var villages = (await VillageCodes.ListAsync(db, RegionCode.Parse("18.71"), CancellationToken.None)).Select(VillageRef.FromCode).ToList();
        var families = FamilyGenerator.Generate(villages, new GeneratorOptions(seed, 300)).Select(f => f with { FamilyKey = f.FamilyKey + seed * 1_000_000L });
        await PublishedReleaseFixture.ImportAndPublishAsync(db, name, families, makeCurrent: true);
        output.WriteLine($"published '{name}' on the primary");
        return name;
    }

    private static WebApplicationFactory<Program> CreateApi(ReplicatedPair pair) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Testing")
            .UseTestMetricsPort()
            .UseSetting($"ConnectionStrings:{DatabaseDefaults.ApiConnectionName}", pair.ApiMultiHost)
            .UseSetting("OutputCache:Enabled", "false")
            // The release list is read again after half a second, so a replayed release shows at once.
            .UseSetting("Releases:CacheSeconds", "0.5")
            .UseSetting("Database:ConnectionTimeoutSeconds", "2")
            .UseSetting("RateLimiting:PermitsPerWindow", "1000000")
            .UseSetting("ConcurrencyLimits:PerClient", "1000000")
            .UseSetting("Logging:Console:LogLevel:Default", "Warning"));

    private static async Task<string?> LatestAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/statistics/tiers?region=18");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("release").GetProperty("id").GetString();
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql);
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + ConditionBound;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
