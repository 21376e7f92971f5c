using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// The in-memory copy of published rows. To tell a cached answer from a fresh one the test changes published values
/// behind the cache's back (which only an administrator can, and which the start-up checksum would refuse), so it
/// needs a database of its own.
/// </summary>
public sealed class PublishedRowsTests() : DatabaseCopyTests("rowcache")
{
    private const string Release = "row-cache";
    private const string Regency = "18.71";
    private NpgsqlDataSource _api = null!;
    private int _releaseId;

    protected override async Task SetUpAsync()
    {
        await using var admin = NpgsqlDataSource.Create(Db.Admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(admin);
        _releaseId = await PublishedReleaseFixture.ImportAndPublishAsync(admin, Release,
            FamilyGenerator.Generate(villages, new GeneratorOptions(11, 5_000)));
        _api = NpgsqlDataSource.Create(Db.Api);
    }

    protected override Task TearDownAsync() => _api.DisposeAsync().AsTask();

    private async Task AddToEveryTotalAsync(int amount)
    {
        await using var admin = new NpgsqlConnection(Db.Admin);
        await admin.ExecuteAsync("UPDATE stats.region_stat SET families_total = families_total + @amount WHERE release_id = @id",
            new { amount, id = _releaseId });
    }

    private async Task<IReadOnlyList<RegionStatistics>> DistrictsAsync(PublishedRowCache rows) =>
        (await rows.LevelPageAsync(_releaseId, 3, Regency, null, 100, CancellationToken.None)).Rows;

    private Task<IReadOnlyList<RegionStatistics>> RegionsAsync(PublishedRowCache rows, params string[] codes) =>
        rows.ByCodesAsync(_releaseId, codes, CancellationToken.None);

    private static int?[] Totals(IEnumerable<RegionStatistics> rows) => rows.Select(r => r.FamiliesTotal).ToArray();

    [Fact]
    public async Task A_published_row_once_read_is_answered_from_memory_without_asking_the_database_again()
    {
        using var rows = new PublishedRowCache(new StatisticsStore(_api), PublishedRowCache.DefaultMegabytes);
        var regency = Totals(await RegionsAsync(rows, Regency, "18"));
        var districts = Totals(await DistrictsAsync(rows));
        Assert.NotEmpty(districts);

        await AddToEveryTotalAsync(1000);

        Assert.Equal(regency, Totals(await RegionsAsync(rows, Regency, "18")));
        Assert.Equal(districts, Totals(await DistrictsAsync(rows)));
        // A region not read before comes from the database, with the changed value, next to a remembered one.
        var national = await new StatisticsStore(_api).ByCodesAsync(_releaseId, [StatisticsStore.National], CancellationToken.None);
        Assert.Equal([national[0].FamiliesTotal, regency[0]], Totals(await RegionsAsync(rows, StatisticsStore.National, Regency)));
    }

    [Fact]
    public async Task With_the_row_cache_set_to_zero_every_read_goes_to_the_database()
    {
        using var rows = new PublishedRowCache(new StatisticsStore(_api), megabytes: 0);
        var regency = Totals(await RegionsAsync(rows, Regency));
        var districts = Totals(await DistrictsAsync(rows));

        await AddToEveryTotalAsync(1000);

        Assert.Equal(regency.Select(t => t + 1000), Totals(await RegionsAsync(rows, Regency)));
        Assert.Equal(districts.Select(t => t + 1000), Totals(await DistrictsAsync(rows)));
    }

    [Fact]
    public async Task Each_row_asked_for_is_counted_in_the_metrics_as_a_hit_or_a_miss()
    {
        // The meter is shared by every PublishedRowCache in the test run: only this test's own calls are counted.
        var thisTest = new AsyncLocal<bool> { Value = true };
        var counted = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PublishedRowCache.MeterName && instrument.Name == "regsosek.published_rows.lookups")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (!thisTest.Value) return;
            foreach (var tag in tags)
            {
                if (tag.Key == "result") counted.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
            }
        });
        listener.Start();
        using var rows = new PublishedRowCache(new StatisticsStore(_api), PublishedRowCache.DefaultMegabytes);

        await RegionsAsync(rows, Regency, "18");
        await RegionsAsync(rows, Regency, "18", "18.01");
        var districts = (await DistrictsAsync(rows)).Count;
        await DistrictsAsync(rows);

        Assert.Equal(3 + districts, counted.GetValueOrDefault("miss"));
        Assert.Equal(2 + districts, counted.GetValueOrDefault("hit"));
    }

    [Fact]
    public async Task Codes_come_back_in_the_order_asked_whether_remembered_or_read_and_unknown_codes_are_left_out()
    {
        using var rows = new PublishedRowCache(new StatisticsStore(_api), PublishedRowCache.DefaultMegabytes);
        await RegionsAsync(rows, "18.01");
        var answer = await RegionsAsync(rows, Regency, "18.99", "18.01", "18");
        Assert.Equal([Regency, "18.01", "18"], answer.Select(r => r.RegionCode));
    }
}
