using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// A database of its own for the release cache: these tests switch the current release, which the shared test
/// database's other tests rely on. Releases are tiny (a few families in three villages) but imported and published
/// by the real importer and publisher, so the cache sees stats.release exactly as a publish leaves it. Only one
/// district's regions are kept: a publish writes a row for every region, and for all of Indonesia each of these
/// tests' publishes would take seconds.
/// </summary>
public sealed class ReleaseDatabaseFixture : IAsyncLifetime
{
    private const string District = "18.71.01";

    private NpgsqlDataSource _admin = null!;
    private IReadOnlyList<FamilyRecord> _families = [];

    public TestConnectionStrings Strings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Strings = await DatabaseCopies.CreateAsync("releases");
        _admin = NpgsqlDataSource.Create(Strings.Admin);
        await using (var connection = await _admin.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"DELETE FROM region WHERE code NOT IN ('18', '18.71', '{District}') AND code NOT LIKE '{District}.%'");
        }
        var villages = (await VillageCodes.ListAsync(_admin, RegionCode.Parse(District), CancellationToken.None)).Take(3).Select(VillageRef.FromCode).ToList();
        _families = FamilyGenerator.Generate(villages, new GeneratorOptions(3, 30)).ToList();
    }

    public async Task DisposeAsync() => await _admin.DisposeAsync();

    /// <summary>Publishes a release under a new name, current or staged, and returns the name.</summary>
    public async Task<string> PublishAsync(bool makeCurrent)
    {
        var name = "cache-" + Guid.NewGuid().ToString("N")[..8];
        await PublishedReleaseFixture.ImportAndPublishAsync(_admin, name, _families, makeCurrent);
        return name;
    }
}

[Collection(ApiCollection.Name)]
public sealed class ReleaseCacheTests(ApiFactory factory, ReleaseDatabaseFixture database) : IClassFixture<ReleaseDatabaseFixture>
{
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private static readonly TimeSpan MaxAge = ReleaseStore.DefaultMaxAge;

    private ReleaseStore Store(TimeProvider clock) => new(NpgsqlDataSource.Create(database.Strings.Api), clock, MaxAge);

    [Fact]
    public async Task Latest_is_answered_from_memory_until_the_copy_is_five_seconds_old()
    {
        var first = await database.PublishAsync(makeCurrent: true);
        var clock = new ManualClock();
        var store = Store(clock);
        Assert.Equal(first, (await store.FindAsync(ReleaseStore.Latest, CancellationToken.None))!.Name);

        var second = await database.PublishAsync(makeCurrent: true);
        clock.Advance(MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Equal(first, (await store.FindAsync(ReleaseStore.Latest, CancellationToken.None))!.Name);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(second, (await store.FindAsync(ReleaseStore.Latest, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task A_release_published_a_moment_ago_is_found_by_name_and_listed_at_once()
    {
        await database.PublishAsync(makeCurrent: true);
        var store = Store(new ManualClock());
        await store.FindAsync(ReleaseStore.Latest, CancellationToken.None);

        var staged = await database.PublishAsync(makeCurrent: false);

        Assert.Equal(staged, (await store.FindAsync(staged, CancellationToken.None))!.Name);
        Assert.Contains(await store.ListAsync(CancellationToken.None), r => r.Name == staged);
    }

    [Fact]
    public async Task A_name_that_was_never_published_is_not_found()
    {
        var store = Store(new ManualClock());

        Assert.Null(await store.FindAsync("never-published", CancellationToken.None));
    }

    [Fact]
    public async Task A_newly_current_release_shows_on_latest_within_five_seconds()
    {
        await using var api = factory.WithSettings(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Regsosek"] = database.Strings.Api,
            ["Releases:CacheSeconds"] = MaxAge.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var client = api.CreateClient();
        async Task<string> LatestAsync() =>
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/releases/latest")).GetProperty("id").GetString()!;
        var first = await database.PublishAsync(makeCurrent: true);
        Assert.Equal(first, await LatestAsync());

        var second = await database.PublishAsync(makeCurrent: true);
        var sincePublished = Stopwatch.StartNew();
        string seen;
        while ((seen = await LatestAsync()) != second && sincePublished.Elapsed < MaxAge * 2)
        {
            await Task.Delay(100);
        }

        Assert.Equal(second, seen);
        // The last poll may start just before the copy expires and take a moment on a busy machine.
        Assert.InRange(sincePublished.Elapsed, TimeSpan.Zero, MaxAge + TimeSpan.FromSeconds(1));
    }
}
