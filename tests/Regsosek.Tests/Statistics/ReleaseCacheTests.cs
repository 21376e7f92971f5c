using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// A database of its own for the release cache: these tests switch the current release, which the shared test
/// database's other tests rely on. Releases are published with the SQL of the publisher's final step; the cache
/// reads nothing but stats.release.
/// </summary>
public sealed class ReleaseDatabaseFixture : IAsyncLifetime
{
    public TestConnectionStrings Strings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Strings = await TestDatabase.RecreateAsync(TestDatabase.Name + "_releases");
        MigrationRunner.Migrate(Strings.Admin, TextWriter.Null);
        await MigrationRunner.GrantReaderAsync(Strings.Admin, Strings.Api, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Publishes a release under a new name, current or staged, and returns the name.</summary>
    public async Task<string> PublishAsync(bool makeCurrent)
    {
        var name = "cache-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(Strings.Admin);
        await connection.OpenAsync();
        await using var publish = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO stats.release (name, reference_period, status, published_at, region_package, region_version,
                                               families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change)
                    VALUES ($1, '2022', 'published', now(), 'idn-area-data', '4.0.1', 0.3, 0.5, 0.4, 0.9)
                    """) { Parameters = { new() { Value = name } } },
                new NpgsqlBatchCommand("UPDATE stats.release SET is_current = false WHERE $1 AND is_current") { Parameters = { new() { Value = makeCurrent } } },
                new NpgsqlBatchCommand("UPDATE stats.release SET is_current = $1 WHERE name = $2") { Parameters = { new() { Value = makeCurrent }, new() { Value = name } } },
            },
        };
        // A batch is one implicit transaction: readers see the old current release or the new one, as after publish.
        await publish.ExecuteNonQueryAsync();
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
