using Dapper;
using Npgsql;
using Regsosek.Pipeline.Disclosure;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// The publisher's own perturbation SQL on cells made to measure: a release row, the perturbation rows and thresholds
/// written as the publisher writes them, and a pub_cell of chosen counts and keys, all in a transaction rolled back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PerturbationSqlTests
{
    private static readonly DisclosureSettings Settings = PublishedReleaseFixture.Settings;
    private static readonly PerturbationParameters Families = Settings.FamiliesParameters();
    private static readonly PerturbationParameters Persons = Settings.PersonsParameters();
    private static readonly CoherentPerturbation Table = CoherentPerturbation.Generate(Families, Persons);

    private readonly record struct Cell(long Families, long Persons, long FamiliesKey, long PersonsKey, long ZeroKey);

    private sealed record Published(string RegionCode, long PFamilies, long PPersons);

    /// <summary>Each cell as its own region's total; the published (families, persons) of each, in order.</summary>
    private static async Task<List<(long Families, long Persons)>> PublishAsync(IReadOnlyList<Cell> cells)
    {
        await using var connection = new NpgsqlConnection((await TestDatabase.GetAsync()).Admin);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var releaseId = await connection.ExecuteScalarAsync<int>("""
            INSERT INTO stats.release (name, reference_period, status, region_package, region_version)
            VALUES ('perturbation-' || md5(random()::text), '2022', 'imported', 'idn-area-data', '4.0.1') RETURNING id
            """);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE pub_cell (region_code text, variables smallint, tier smallint, decile smallint, head_sex smallint,
                                        head_age_group smallint, disability smallint, family_size smallint, n_families bigint,
                                        n_persons bigint, ck_families bigint, ck_persons bigint, zero_key bigint) ON COMMIT DROP
            """);
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY pub_cell (region_code, variables, tier, decile, head_sex, head_age_group, disability, family_size, n_families, n_persons, ck_families, ck_persons, zero_key) FROM STDIN (FORMAT BINARY)"))
        {
            for (var k = 0; k < cells.Count; k++)
            {
                var c = cells[k];
                await copy.WriteRowAsync(default, $"c{k}", (short)0, (short)0, (short)0, (short)0, (short)0, (short)0, (short)0, c.Families, c.Persons, c.FamiliesKey, c.PersonsKey, c.ZeroKey);
            }
            await copy.CompleteAsync();
        }
        await CellPerturbation.PerturbAsync(connection, releaseId, Settings, CancellationToken.None);
        var published = (await connection.QueryAsync<Published>(
                $"SELECT region_code AS RegionCode, p_families AS PFamilies, p_persons AS PPersons FROM pub_published WHERE variables = {CellDimension.All}"))
            .ToDictionary(p => p.RegionCode);
        await tx.RollbackAsync();
        return cells.Select((_, k) => (published[$"c{k}"].PFamilies, published[$"c{k}"].PPersons)).ToList();
    }

    [Fact]
    public async Task A_cell_is_zero_in_both_measures_exactly_when_its_zero_key_is_below_its_threshold()
    {
        var cells = Table.ZeroThresholds.Where(t => t.Bound > 0).SelectMany(t => new[]
        {
            new Cell(t.Families, t.Persons, 0, 0, t.Bound - 1),
            new Cell(t.Families, t.Persons, 0, 0, t.Bound),
        }).ToList();

        var published = await PublishAsync(cells);

        for (var k = 0; k < cells.Count; k += 2)
        {
            Assert.Equal((0, 0), published[k]);
            Assert.True(published[k + 1].Families > 0 && published[k + 1].Persons > 0, $"{cells[k + 1]} published {published[k + 1]}");
        }
    }

    [Fact]
    public async Task Keys_at_the_edges_of_a_row_select_that_row()
    {
        // Every row of the plain part (pairs (0, 0)) and of the pairs, at its first and last key; the zero key at the top
        // so that no cell is 0. A pair's row is reached by counts equal to the pair; (0, 0) rows by counts that cannot be 0.
        var cells = new List<(Cell Cell, long Expected, short Measure)>();
        foreach (var row in Table.Rows)
        {
            var (nf, np) = row.PairFamilies > 0
                ? (row.PairFamilies, row.PairPersons)
                : row.Measure == MeasureCode.Families ? (row.I, Persons.MaxDrop + 1) : (Families.MaxDrop + 1, Math.Max(row.I, Families.MaxDrop + 1));
            foreach (var key in new[] { row.LowerBound, row.UpperBound - 1 })
            {
                var cell = row.Measure == MeasureCode.Families
                    ? new Cell(nf, np, key, 0, uint.MaxValue)
                    : new Cell(nf, np, 0, key, uint.MaxValue);
                cells.Add((cell, row.I + row.Noise, row.Measure));
            }
        }

        var published = await PublishAsync(cells.Select(c => c.Cell).ToList());

        Assert.All(cells.Zip(published), x => Assert.Equal(x.First.Expected,
            x.First.Measure == MeasureCode.Families ? x.Second.Families : x.Second.Persons));
    }

    [Fact]
    public async Task Counts_above_the_largest_row_use_its_row()
    {
        var cells = Table.Rows.Where(r => r.PairFamilies == 0 && r.I == (r.Measure == MeasureCode.Families ? Families : Persons).MaxRowIndex)
            .Select(r => r.Measure == MeasureCode.Families ? new Cell(100_000, 400_000, r.LowerBound, 0, 0) : new Cell(100_000, 400_000, 0, r.LowerBound, 0))
            .ToList();
        var expected = Table.Rows.Where(r => r.PairFamilies == 0 && r.I == (r.Measure == MeasureCode.Families ? Families : Persons).MaxRowIndex)
            .Select(r => (r.Measure, Noise: r.Noise)).ToList();

        var published = await PublishAsync(cells);

        Assert.All(expected.Zip(published), x => Assert.Equal(x.First.Noise,
            x.First.Measure == MeasureCode.Families ? x.Second.Families - 100_000 : x.Second.Persons - 400_000));
    }

    [Fact]
    public async Task Random_cells_never_publish_one_two_or_a_negative_stay_within_D_and_are_zero_in_both_measures_or_neither()
    {
        var random = new Random(20261201);
        var cells = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var families = random.Next(1, 40);
            return new Cell(families, families + random.Next(0, 4 * families), random.NextInt64(0, 1L << 32),
                random.NextInt64(0, 1L << 32), random.NextInt64(0, 1L << 32));
        }).ToList();

        var published = await PublishAsync(cells);

        Assert.All(cells.Zip(published), x =>
        {
            var (cell, (families, persons)) = x;
            Assert.True(families is 0 or > 2 && persons is 0 or > 2, $"{cell} published ({families}, {persons})");
            Assert.Equal(families == 0, persons == 0);
            Assert.InRange(families, cell.Families - Families.MaxDrop, cell.Families + Families.MaxNoise);
            Assert.InRange(persons, cell.Persons - Persons.MaxDrop, cell.Persons + Persons.MaxNoise);
        });
        // Cells of more families than the noise can remove (D − 1) are never 0, and no value is D below its count.
        Assert.DoesNotContain(cells.Zip(published), x => x.First.Families > Families.MaxDrop && x.Second.Families == 0);
    }
}
