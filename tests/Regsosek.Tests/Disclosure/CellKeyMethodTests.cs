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

    private static readonly StatedNoise Stated = new(PublishedReleaseFixture.Settings.FamiliesParameters(), PublishedReleaseFixture.Settings.PersonsParameters());

    private static short CodeOf(string measure) => measure == "families" ? MeasureCode.Families : MeasureCode.Persons;

    private IEnumerable<(long Families, long Persons)> Counts(IEnumerable<CellId> ids) =>
        ids.Select(id => (release.Cells.Families[id].True, release.Cells.Persons[id].True));

    /// <summary>
    /// The noise is unbiased wherever the table can make it so; on a release this full of single-family cells coherence
    /// leaves a small stated bias (docs/disclosure-control.md, "What coherence costs"). The observed mean must be that
    /// expectation within four standard errors, and the expectation itself small.
    /// </summary>
    [Fact]
    public void Noise_is_unbiased_over_all_cells_up_to_what_coherence_states()
    {
        foreach (var (measure, cells, _) in Measures)
        {
            var mean = cells.Values.Average(c => (double)(c.Published - c.True));
            var expected = Stated.Of(CodeOf(measure), Counts(cells.Keys));
            output.WriteLine($"{measure}: mean deviation {mean:F4}, expected {expected.Mean:F4} ± {expected.MeanStandardError:F4}");
            Assert.True(Math.Abs(expected.Mean) <= 0.1, $"{measure}: expected mean deviation {expected.Mean:F4}");
            Assert.True(Math.Abs(mean - expected.Mean) <= 4 * expected.MeanStandardError,
                $"{measure}: mean deviation {mean:F4}, expected {expected.Mean:F4} ± {expected.MeanStandardError:F4}");
        }
    }

    /// <summary>
    /// Families (D = 5, V = 3) meet the documented bound: mean absolute deviation &lt;= 1.5. Persons (D = 8, V = 6) have a
    /// mean absolute noise of about 1.95 at realistic density (UtilityAtRealisticDensityTests holds them to the
    /// criterion's 2.2), but on a release this full of single-family cells the coherence rule costs them more: a lone
    /// family must be 0 in both measures about 2/3 of the time for its family count to stay unbiased, and its persons
    /// count then swings further. Here both are held to what the table states for these very cells (within four standard
    /// errors), and large cells (100 families; 20 * D = 160 persons) stay within 5 %.
    /// </summary>
    [Fact]
    public void Utility_mean_absolute_deviation_is_what_the_table_states_and_large_cells_stay_within_five_percent()
    {
        var large = new Dictionary<string, int> { ["families"] = 100, ["persons"] = 20 * PublishedReleaseFixture.Settings.Persons.MaxNoise };
        foreach (var (measure, cells, _) in Measures)
        {
            var nonZero = cells.Where(c => c.Value.True > 0).ToList();
            var mad = nonZero.Average(c => (double)Math.Abs(c.Value.Published - c.Value.True));
            var expected = Stated.Of(CodeOf(measure), Counts(nonZero.Select(c => c.Key)));
            output.WriteLine($"{measure}: mean absolute deviation {mad:F3}, expected {expected.MeanAbsolute:F3} ± {expected.MeanAbsoluteStandardError:F3}");
            Assert.True(Math.Abs(mad - expected.MeanAbsolute) <= 4 * expected.MeanAbsoluteStandardError,
                $"{measure}: mean absolute deviation {mad:F3}, expected {expected.MeanAbsolute:F3} ± {expected.MeanAbsoluteStandardError:F3}");
            if (measure == "families")
            {
                Assert.True(expected.MeanAbsolute <= 1.5, $"families: expected mean absolute deviation {expected.MeanAbsolute:F3}");
            }
            var largeCells = cells.Values.Where(c => c.True >= large[measure]).ToList();
            Assert.NotEmpty(largeCells);
            Assert.All(largeCells, c => Assert.True(Math.Abs(c.Published - c.True) <= 0.05 * c.True));
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
    public async Task The_stored_perturbation_is_the_coherent_table_of_the_release_parameters()
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        var stored = (await connection.QueryAsync<(short Measure, int I, short PairFamilies, short PairPersons, int V, long Lb, long Ub)>(
            "SELECT measure, i, pair_families, pair_persons, v, lb, ub FROM sdc.ptable WHERE release_id = @id ORDER BY measure, i, pair_families, pair_persons, lb",
            new { id = release.ReleaseId })).Select(r => (r.Measure, r.I, (int)r.PairFamilies, (int)r.PairPersons, r.V, r.Lb, r.Ub)).ToList();
        var thresholds = (await connection.QueryAsync<(short Families, short Persons, long Bound)>(
            "SELECT families, persons, bound FROM sdc.zero_threshold WHERE release_id = @id ORDER BY families, persons",
            new { id = release.ReleaseId })).Select(t => ((int)t.Families, (int)t.Persons, t.Bound)).ToList();
        var expected = CoherentPerturbation.Generate(PublishedReleaseFixture.Settings.FamiliesParameters(), PublishedReleaseFixture.Settings.PersonsParameters());

        Assert.Equal(expected.Rows.OrderBy(r => r.Measure).ThenBy(r => r.I).ThenBy(r => r.PairFamilies).ThenBy(r => r.PairPersons).ThenBy(r => r.LowerBound)
            .Select(r => (r.Measure, r.I, r.PairFamilies, r.PairPersons, r.Noise, r.LowerBound, r.UpperBound)), stored);
        Assert.Equal(expected.ZeroThresholds.Select(t => (t.Families, t.Persons, t.Bound)), thresholds);
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

    /// <summary>
    /// The attacker averages three estimates of each small cell (true 1-4): its published value, total minus the other
    /// tiers, and parent minus the siblings. That must recover the exact count no more often than the best constant
    /// guess over those cells (say "1" for all of them) does, plus 2 percentage points: a bare threshold would mean
    /// nothing, as it depends on how many true 1s the release has.
    /// </summary>
    [Fact]
    public void Averaging_estimates_recover_small_cells_no_more_often_than_the_best_constant_guess_plus_two_points()
    {
        foreach (var (measure, cells, _) in Measures)
        {
            var (small, recovered) = Attacks.Averaging(cells, release.Cells.Parents);
            var smallTrue = cells.Values.Where(c => c.True is >= 1 and <= 4).Select(c => c.True).ToList();
            var bestGuess = smallTrue.GroupBy(t => t).Max(g => g.Count()) / (double)smallTrue.Count;
            var share = (double)recovered / small;
            output.WriteLine($"{measure}: averaging recovers {recovered} of {small} small cells ({100 * share:F1} %), the best constant guess {100 * bestGuess:F1} %");
            Assert.True(share <= bestGuess + 0.02, $"{measure}: {100 * share:F1} % recovered, best constant guess {100 * bestGuess:F1} %");
        }
    }

    /// <summary>
    /// Rule 7: a 0 never contradicts another figure. Families and persons of a cell are both 0 or both not; a region's
    /// total is never 0 while one of its tiers or deciles is not; a region's cell is never 0 while the same cell of one of
    /// its child regions is not.
    /// </summary>
    [Fact]
    public void No_zero_is_contradicted_by_the_other_measure_or_by_a_part()
    {
        var (families, persons) = (release.Cells.Families, release.Cells.Persons);
        var linking = families.Where(c => (c.Value.Published == 0) != (persons[c.Key].Published == 0)).Select(c => c.Key).ToList();
        var partsOfTotals = families.Keys.Where(id => id.Dim != 'a')
            .Where(id => families[id with { Dim = 'a', Cat = 0 }].Published == 0 && families[id].Published != 0).ToList();
        var childrenOfParents = families.Keys
            .Where(id => release.Cells.Parents.GetValueOrDefault(id.Region) is { } parent && families.ContainsKey(id with { Region = parent }))
            .Where(id => families[id with { Region = release.Cells.Parents[id.Region]! }].Published == 0 && families[id].Published != 0).ToList();

        // The rule has something to do here: many cells of a few families are shown as 0.
        Assert.True(families.Count(c => c.Value.True > 0 && c.Value.Published == 0) > 1000);
        Assert.Empty(linking);
        Assert.Empty(partsOfTotals);
        Assert.Empty(childrenOfParents);
    }

    [Fact]
    public async Task The_release_states_what_the_protection_leaves_in_the_mean_of_each_measure()
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        var stated = await connection.QuerySingleAsync<(bool Coherent, double Families, double Persons)>(
            "SELECT coherent, families_mean_change, persons_mean_change FROM stats.release WHERE id = @id", new { id = release.ReleaseId });
        // Stated over every cell of the regions that have families, as the publisher counts them.
        bool HasFamilies(CellId id) => release.Cells.Families[id with { Dim = 'a', Cat = 0 }].True > 0;
        double MeanChange(Dictionary<CellId, (long True, long Published)> cells) =>
            cells.Where(c => HasFamilies(c.Key)).Average(c => (double)(c.Value.Published - c.Value.True));

        Assert.True(stated.Coherent);
        Assert.Equal(MeanChange(release.Cells.Families), stated.Families, 6);
        Assert.Equal(MeanChange(release.Cells.Persons), stated.Persons, 6);
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
