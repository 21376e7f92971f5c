using System.Numerics;
using System.Text.Json;
using Dapper;
using Npgsql;
using Regsosek.Data.Tables;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// Rule 8 (docs/disclosure-control.md): the criteria of the cell key method, checked on every cell of every custom table
/// of a release full of small cells, and across the tables that share cells.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CustomTableTests(CustomTablesFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<CustomTablesFixture>
{
    private TableCells Tables => fixture.Tables;

    private IEnumerable<(string Measure, Dictionary<TableCellId, (long True, long Published)> Cells, int D)> Measures =>
        Tables.Measures(PublishedReleaseFixture.Settings.Families.MaxNoise, PublishedReleaseFixture.Settings.Persons.MaxNoise);

    [Fact]
    public async Task The_release_publishes_its_table_limits_and_a_checksum_of_its_cells()
    {
        await using var connection = new NpgsqlConnection(fixture.Release.Admin);
        var (limits, checksum) = await connection.QuerySingleAsync<(string Limits, string Checksum)>(
            "SELECT table_limits::text, table_checksum FROM stats.published_release WHERE id = @id", new { id = fixture.Release.ReleaseId });

        Assert.Equal(new Dictionary<string, int> { ["national"] = 3, ["province"] = 3, ["regency"] = 3, ["district"] = 2, ["village"] = 1 },
            JsonSerializer.Deserialize<Dictionary<string, int>>(limits));
        Assert.Equal(checksum, await connection.ExecuteScalarAsync<string>(
            $"SELECT {TableChecksum.Aggregate} FROM stats.table_cell WHERE release_id = @id", new { id = fixture.Release.ReleaseId }));
    }

    [Fact]
    public void Each_level_publishes_the_tables_its_limit_allows_and_no_other()
    {
        Assert.Empty(Tables.OutsideLimits);
        int MostVariables(int level) => Tables.Families
            .Where(c => TableCells.LevelOf(c.Key.Region) == level && c.Value.Published > 0)
            .Max(c => BitOperations.PopCount((uint)c.Key.Mask));
        Assert.Equal(CustomTablesFixture.Limits, Enumerable.Range(0, 5).Select(MostVariables));
    }

    [Fact]
    public void The_release_has_many_small_cells_to_protect()
    {
        Assert.True(Tables.Families.Count(c => c.Value.True is >= 1 and <= 4) > 10_000);
    }

    [Fact]
    public void No_cell_is_published_as_one_two_or_negative_nor_further_than_D_from_the_truth_and_true_zero_stays_zero()
    {
        foreach (var (measure, cells, d) in Measures)
        {
            Assert.DoesNotContain(cells, c => c.Value.Published is 1 or 2 or < 0);
            Assert.All(cells, c => Assert.True(Math.Abs(c.Value.Published - c.Value.True) <= d, $"{measure} {c.Key}: {c.Value}"));
            Assert.All(cells.Where(c => c.Value.True == 0), c => Assert.Equal(0, c.Value.Published));
        }
    }

    [Fact]
    public void The_tables_of_the_total_tiers_and_deciles_are_the_fixed_tables_cell_for_cell()
    {
        var fixedCells = fixture.Release.Cells;
        var compared = 0;
        foreach (var (cells, fixedMeasure) in new[] { (Tables.Families, fixedCells.Families), (Tables.Persons, fixedCells.Persons) })
        {
            foreach (var (id, (_, published)) in fixedMeasure)
            {
                var tableId = id.Dim switch
                {
                    'a' => new TableCellId(id.Region, 0, 0, 0, 0, 0, 0, 0),
                    't' => new TableCellId(id.Region, TableVariables.Tier.Bit, (short)id.Cat, 0, 0, 0, 0, 0),
                    _ => new TableCellId(id.Region, TableVariables.Decile.Bit, 0, (short)id.Cat, 0, 0, 0, 0),
                };
                Assert.Equal(published, cells[tableId].Published);
                compared++;
            }
        }
        // Every region's total, 4 tiers and 10 deciles in both measures: 30 cells a region, some thousands of regions.
        Assert.True(compared > 30 * 1_000, $"{compared} cells compared");
    }

    /// <summary>
    /// A cell of a table and a cell of a smaller table that hold the same families (a region's tier-1 families are all
    /// headed by women, so tier 1 x female is tier 1) have the same keys, and so the same value: one value per set of
    /// families, whatever table shows it. Indonesia and Lampung hold the same families in every table.
    /// </summary>
    [Fact]
    public void Cells_holding_the_same_families_show_the_same_value_in_every_table()
    {
        var pairs = 0;
        foreach (var (id, (trueFamilies, published)) in Tables.Families)
        {
            foreach (var variable in id.Variables)
            {
                var whole = id.With(variable, 0);
                if (Tables.Families.TryGetValue(whole, out var w) && w.True == trueFamilies && Tables.Persons[whole].True == Tables.Persons[id].True)
                {
                    Assert.Equal((published, Tables.Persons[id].Published), (w.Published, Tables.Persons[whole].Published));
                    pairs += trueFamilies > 0 ? 1 : 0;
                }
            }
        }
        output.WriteLine($"{pairs} pairs of cells in different tables with the same families");
        Assert.True(pairs > 1000);
        foreach (var (_, cells, _) in Measures)
        {
            Assert.All(cells.Where(c => c.Key.Region == "ID"), c => Assert.Equal(c.Value.Published, cells[c.Key with { Region = "18" }].Published));
        }
    }

    /// <summary>
    /// Rule 7 across tables: families and persons of a cell are both 0 or both not; a cell is never 0 while a part of it
    /// is not: the same categories with one more variable (any table of the level), or the same cell of a child region.
    /// </summary>
    [Fact]
    public void No_zero_is_contradicted_by_the_other_measure_or_by_a_part_in_any_table()
    {
        var (families, persons) = (Tables.Families, Tables.Persons);
        var linking = families.Where(c => (c.Value.Published == 0) != (persons[c.Key].Published == 0)).Select(c => c.Key).ToList();
        var zeroWholes = new List<TableCellId>();
        foreach (var (id, (_, published)) in families.Where(c => c.Value.Published != 0))
        {
            zeroWholes.AddRange(id.Variables.Select(v => id.With(v, 0)).Where(whole => families[whole].Published == 0));
            if (Tables.Parents.GetValueOrDefault(id.Region) is { } parent && families.TryGetValue(id with { Region = parent }, out var p) && p.Published == 0)
            {
                zeroWholes.Add(id with { Region = parent });
            }
        }
        Assert.True(families.Count(c => c.Value.True > 0 && c.Value.Published == 0) > 10_000);
        Assert.Empty(linking);
        Assert.Empty(zeroWholes);
    }

    /// <summary>Every additive relation among the published tables: a cell = the sum over one variable's categories, and a region's cell = the sum of its children's.</summary>
    private List<(TableCellId Sum, TableCellId[] Parts)> Relations()
    {
        var relations = new List<(TableCellId, TableCellId[])>();
        var children = Tables.Parents.Where(p => p.Value is not null).GroupBy(p => p.Value!).ToDictionary(g => g.Key, g => g.Select(c => c.Key).ToArray());
        foreach (var id in Tables.Families.Keys)
        {
            for (var v = 0; v < TableVariables.All.Count; v++)
            {
                var variable = v;
                var parts = TableVariables.All[v].Categories.Select(c => id.With(variable, c.Value)).ToArray();
                if (id.Category(v) == 0 && parts.All(Tables.Families.ContainsKey))
                {
                    relations.Add((id, parts));
                }
            }
            if (children.TryGetValue(id.Region, out var regions) && regions.All(r => Tables.Families.ContainsKey(id with { Region = r })))
            {
                relations.Add((id, regions.Select(r => id with { Region = r }).ToArray()));
            }
        }
        return relations;
    }

    [Fact]
    public void Differencing_over_all_tables_that_share_cells_pins_no_small_true_count()
    {
        var relations = Relations();
        output.WriteLine($"{relations.Count} additive relations");
        foreach (var (measure, cells, d) in Measures)
        {
            var bounds = Attacks.PropagateIntervals(cells, relations, d);
            var small = cells.Where(c => c.Value.True is >= 1 and <= 4).ToList();
            output.WriteLine($"{measure}: {small.Count} small cells, mean interval width {small.Average(c => bounds[c.Key].Hi - bounds[c.Key].Lo):F2}");
            Assert.All(small, c =>
            {
                var (lo, hi) = bounds[c.Key];
                Assert.InRange(c.Value.True, lo, hi);
                Assert.True(hi > lo, $"{measure} {c.Key} pinned to {lo}");
            });
        }
    }

    /// <summary>
    /// The attacker averages, for each small cell (true 1-4), its published value with every estimate the tables give:
    /// per variable of the cell, the cell without it minus the other categories; and the parent region's cell minus the
    /// siblings'. That must not recover the exact count more often than the best constant guess does, plus 2 points.
    /// </summary>
    [Fact]
    public void Averaging_estimates_from_all_tables_recover_small_cells_no_more_often_than_the_best_constant_guess_plus_two_points()
    {
        var relations = Relations();
        foreach (var (measure, cells, _) in Measures)
        {
            var estimates = cells.Where(c => c.Value.True is >= 1 and <= 4).ToDictionary(c => c.Key, c => new List<double> { c.Value.Published });
            foreach (var (sum, parts) in relations)
            {
                var partsTotal = parts.Sum(p => cells[p].Published);
                foreach (var part in parts.Where(estimates.ContainsKey))
                {
                    estimates[part].Add(cells[sum].Published - (partsTotal - cells[part].Published));
                }
            }
            var recovered = estimates.Count(e => Math.Round(e.Value.Average(), MidpointRounding.AwayFromZero) == cells[e.Key].True);
            var bestGuess = estimates.Keys.GroupBy(k => cells[k].True).Max(g => g.Count()) / (double)estimates.Count;
            var share = (double)recovered / estimates.Count;
            output.WriteLine($"{measure}: averaging recovers {recovered} of {estimates.Count} small cells ({100 * share:F1} %), the best constant guess {100 * bestGuess:F1} %");
            Assert.True(share <= bestGuess + 0.02, $"{measure}: {100 * share:F1} % recovered, best constant guess {100 * bestGuess:F1} %");
        }
    }

    [Fact]
    public async Task Rebuilding_the_release_reproduces_every_table_cell_and_its_checksum()
    {
        await using var db = NpgsqlDataSource.Create(fixture.Release.Admin);
        await using var connection = await db.OpenConnectionAsync();
        const string snapshot = """
            SELECT md5(string_agg(concat_ws('|', region_code, variables, tier, decile, head_sex, head_age_group, disability, family_size,
                                            families, persons), ',' ORDER BY region_code, variables, tier, decile, head_sex, head_age_group, disability, family_size))
              FROM stats.table_cell WHERE release_id = @id
            """;
        const string stored = "SELECT table_checksum || table_limits::text FROM stats.release WHERE id = @id";
        var id = fixture.Release.ReleaseId;
        var (before, storedBefore) = (await connection.ExecuteScalarAsync<string>(snapshot, new { id }), await connection.ExecuteScalarAsync<string>(stored, new { id }));
        // Other defaults on purpose, custom tables off among them: a rebuild uses the settings stored with the release.
        var other = new DisclosureSettings(new MeasureSettings(3, 1, 1), new MeasureSettings(3, 1, 1));
        Assert.True((await ReleasePublisher.PublishAsync(db, fixture.Release.ReleaseName, other, TextWriter.Null, CancellationToken.None, makeCurrent: false)).Rebuilt);

        Assert.Equal(before, await connection.ExecuteScalarAsync<string>(snapshot, new { id }));
        Assert.Equal(storedBefore, await connection.ExecuteScalarAsync<string>(stored, new { id }));
    }

    [Fact]
    public async Task The_api_role_reads_the_published_cells_and_nothing_behind_them()
    {
        var api = (await TestDatabase.GetAsync()).Api;
        await using var connection = new NpgsqlConnection(api);
        Assert.Equal(Tables.Families.Count(c => c.Value.Published > 0),
            await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stats.table_cell WHERE release_id = @id", new { id = fixture.Release.ReleaseId }));
        // What a cell row holds: its coordinates and its two published values; no key, key sum or true count.
        Assert.Equal(["region_code", "variables", "tier", "decile", "head_sex", "head_age_group", "disability", "family_size", "families", "persons"],
            await connection.QueryAsync<string>("""
                SELECT column_name FROM information_schema.columns
                 WHERE table_schema = 'stats' AND table_name = 'table_cell' AND column_name <> 'release_id' ORDER BY ordinal_position
                """));
        var denied = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteScalarAsync<long>("SELECT sum(rkey) FROM microdata.family"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }
}
