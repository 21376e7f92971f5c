using Dapper;
using Npgsql;
using Regsosek.Pipeline.Disclosure;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

/// <summary>The criteria of docs/disclosure-control.md ("What proves it works"), checked on a generated, imported and published release.</summary>
[Collection(ApiCollection.Name)]
public sealed class CellKeyMethodTests(PublishedReleaseFixture release, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PublishedReleaseFixture>
{
    private IEnumerable<(string Measure, Dictionary<CellId, (long True, long Published)> Cells, int D)> Measures =>
        release.Cells.Measures(PublishedReleaseFixture.Settings.Families.MaxNoise, PublishedReleaseFixture.Settings.Persons.MaxNoise);

    [Fact]
    public void The_release_has_many_small_cells_to_protect()
    {
        Assert.True(release.Cells.Families.Count(c => c.Value.True is >= 1 and <= 4) > 1000);
    }

    [Fact]
    public void No_published_count_is_one_two_or_negative()
    {
        foreach (var (measure, cells, _) in Measures)
        {
            Assert.DoesNotContain(cells, c => c.Value.Published is 1 or 2 or < 0);
        }
    }

    [Fact]
    public void Every_published_count_is_within_D_of_the_truth_and_true_zero_publishes_zero()
    {
        foreach (var (measure, cells, d) in Measures)
        {
            Assert.All(cells, c => Assert.True(Math.Abs(c.Value.Published - c.Value.True) <= d, $"{measure} {c.Key}: {c.Value}"));
            Assert.All(cells.Where(c => c.Value.True == 0), c => Assert.Equal(0, c.Value.Published));
        }
    }

    [Fact]
    public void Noise_is_unbiased_over_all_cells()
    {
        foreach (var (measure, cells, _) in Measures)
        {
            var mean = cells.Values.Average(c => (double)(c.Published - c.True));
            Assert.True(Math.Abs(mean) <= 0.05, $"{measure}: mean deviation {mean:F4}");
        }
    }

    /// <summary>
    /// Families (D = 5, V = 3) meet the documented bounds: mean absolute deviation &lt;= 1.5 and cells of 100
    /// or more within 5 %. Persons are perturbed with D = 8, V = 6 by the same document, so their mean
    /// absolute noise is about sqrt(6 * 2 / pi) = 1.95 and a count of 100 may move 8 %; they are held to
    /// what their parameters imply: E|X| &lt;= sqrt(V) (Jensen) and within 5 % from 20 * D = 160 on.
    /// </summary>
    [Fact]
    public void Utility_mean_absolute_deviation_is_small_and_large_cells_stay_within_five_percent()
    {
        var bounds = new Dictionary<string, (double Mad, int Large)>
        {
            ["families"] = (1.5, 100),
            ["persons"] = (Math.Sqrt(PublishedReleaseFixture.Settings.Persons.Variance), 20 * PublishedReleaseFixture.Settings.Persons.MaxNoise),
        };
        foreach (var (measure, cells, _) in Measures)
        {
            var nonZero = cells.Values.Where(c => c.True > 0).ToList();
            var mad = nonZero.Average(c => (double)Math.Abs(c.Published - c.True));
            output.WriteLine($"{measure}: mean absolute deviation {mad:F3}");
            Assert.True(mad <= bounds[measure].Mad, $"{measure}: mean absolute deviation {mad:F3}");
            var large = cells.Values.Where(c => c.True >= bounds[measure].Large).ToList();
            Assert.NotEmpty(large);
            Assert.All(large, c => Assert.True(Math.Abs(c.Published - c.True) <= 0.05 * c.True));
        }
    }

    [Fact]
    public void Regions_with_the_same_families_show_the_same_values()
    {
        // Only Lampung has families, so Indonesia and Lampung are the same record set in every cell.
        foreach (var (_, cells, _) in Measures)
        {
            foreach (var (id, value) in cells.Where(c => c.Key.Region == "ID"))
            {
                Assert.Equal(value.Published, cells[id with { Region = "18" }].Published);
            }
        }
    }

    [Fact]
    public async Task Rebuilding_the_release_reproduces_every_value()
    {
        await using var db = NpgsqlDataSource.Create(release.Admin);
        await using var connection = await db.OpenConnectionAsync();
        const string snapshot = """
            SELECT md5(string_agg(concat_ws('|', region_code, families_total, persons_total, families_by_tier, persons_by_tier,
                                            families_by_decile, persons_by_decile), ',' ORDER BY region_code))
              FROM stats.region_stat WHERE release_id = @id
            """;
        var before = await connection.ExecuteScalarAsync<string>(snapshot, new { id = release.ReleaseId });
        var checksum = await connection.ExecuteScalarAsync<string>("SELECT checksum FROM stats.release WHERE id = @id", new { id = release.ReleaseId });
        // Different defaults on purpose: a rebuild must reuse the parameters stored with the release.
        var other = new DisclosureSettings(new MeasureSettings(3, 1, 1), new MeasureSettings(3, 1, 1));
        var result = await ReleasePublisher.PublishAsync(db, release.ReleaseName, other, TextWriter.Null, CancellationToken.None, makeCurrent: false);
        Assert.True(result.Rebuilt);
        Assert.Equal(before, await connection.ExecuteScalarAsync<string>(snapshot, new { id = release.ReleaseId }));
        Assert.Equal(checksum, await connection.ExecuteScalarAsync<string>("SELECT checksum FROM stats.release WHERE id = @id", new { id = release.ReleaseId }));
    }

    [Fact]
    public async Task The_stored_ptable_is_the_maximum_entropy_table_of_the_release_parameters()
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        var stored = (await connection.QueryAsync<(int I, int V, long Lb, long Ub)>(
            $"SELECT i, v, lb, ub FROM sdc.ptable WHERE release_id = @id AND measure = {MeasureCodeSql.Families} ORDER BY i, lb", new { id = release.ReleaseId })).ToList();
        var expected = PerturbationTable.Generate(PublishedReleaseFixture.Settings.Families.ToParameters())
            .OrderBy(r => r.I).ThenBy(r => r.LowerBound).Select(r => (r.I, r.Noise, r.LowerBound, r.UpperBound)).ToList();
        Assert.Equal(expected, stored);
    }

    [Fact]
    public void Differencing_with_every_additive_relation_pins_no_small_true_count()
    {
        var relations = Attacks.Relations(release.Cells.Parents);
        foreach (var (measure, cells, d) in Measures)
        {
            var bounds = Attacks.PropagateIntervals(cells, relations, d);
            var small = cells.Where(c => c.Value.True is >= 1 and <= 4).ToList();
            Assert.NotEmpty(small);
            output.WriteLine($"{measure}: {small.Count} small cells, mean interval width {small.Average(c => bounds[c.Key].Hi - bounds[c.Key].Lo):F2}, " +
                             $"narrowest {small.Min(c => bounds[c.Key].Hi - bounds[c.Key].Lo)}");
            Assert.All(small, c =>
            {
                var (lo, hi) = bounds[c.Key];
                Assert.InRange(c.Value.True, lo, hi);
                Assert.True(hi > lo, $"{measure} {c.Key} pinned to {lo}");
            });
        }
    }

    [Fact]
    public void Averaging_direct_total_and_parent_estimates_recovers_at_most_35_percent_of_small_cells()
    {
        foreach (var (measure, cells, _) in Measures)
        {
            var (small, recovered) = Attacks.Averaging(cells, release.Cells.Parents);
            output.WriteLine($"{measure}: averaging recovers {recovered} of {small} small cells ({100.0 * recovered / small:F1} %)");
            Assert.True(small > 0);
            Assert.True(recovered <= 0.35 * small, $"{measure}: {recovered} of {small} small cells recovered");
        }
    }

    [Fact]
    public async Task A_cell_whose_families_are_unchanged_keeps_its_value_in_the_next_release()
    {
        // The next release: the same families, except that half of those in one district moved away.
        const string changed = "18.71.01";
        var next = release.Families().Where(f => !f.VillageCode.StartsWith(changed + ".", StringComparison.Ordinal) || f.FamilyKey % 2 == 0);
        await using var db = NpgsqlDataSource.Create(release.Admin);
        var nextId = await PublishedReleaseFixture.ImportAndPublishAsync(db, release.ReleaseName + "-next", next);
        var nextCells = await ReleaseCells.LoadAsync(release.Admin, nextId, "18");

        var touched = new HashSet<string> { "ID", "18", "18.71", changed };
        foreach (var (cells, nextMeasure) in new[] { (release.Cells.Families, nextCells.Families), (release.Cells.Persons, nextCells.Persons) })
        {
            var unchanged = cells.Where(c => !touched.Contains(c.Key.Region) && !c.Key.Region.StartsWith(changed + ".", StringComparison.Ordinal)).ToList();
            Assert.True(unchanged.Count > 10_000);
            Assert.All(unchanged, c => Assert.Equal(c.Value, nextMeasure[c.Key]));
            Assert.Contains(cells, c => c.Key.Region == changed && c.Value.True != nextMeasure[c.Key].True);
        }
    }
}
