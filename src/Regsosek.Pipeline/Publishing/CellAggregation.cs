using Dapper;
using Npgsql;
using Regsosek.Data.Statistics;
using Regsosek.Data.Tables;

namespace Regsosek.Pipeline.Publishing;

/// <summary>
/// True counts, cell keys and zero keys of every cell a release publishes, in temp table <c>pub_cell</c>: the fixed
/// tables (each region's total, tiers and deciles) and, when the release has custom tables, every table its limits
/// allow at each level. One pass over the microdata; counts, member sums and key sums are additive and a zero key is
/// the largest of its parts', so every level is rolled up from the level below, never from the families again.
/// </summary>
internal static class CellAggregation
{
    /// <summary>
    /// Temp table of the provinces' partials, one row or more for every province with a family: left for the rest of the
    /// publish transaction, which takes the release's default coverage from it rather than scanning the families again.
    /// </summary>
    public const string ProvincePartials = "pub_part_province";

    /// <summary>The region levels, finest first: the partials' table, and how a village code maps to the level's code.</summary>
    private static readonly (string Table, Func<string, string> Code, int LimitIndex)[] Levels =
    [
        ("pub_part_village", village => village, 4),
        ("pub_part_district", village => $"left({village}, 8)", 3),
        ("pub_part_regency", village => $"left({village}, 5)", 2),
        (ProvincePartials, village => $"left({village}, 2)", 1),
        ("pub_part_national", _ => $"'{StatisticsStore.National}'", 0),
    ];

    /// <param name="step">Told what each pass over the data is about to do: at national scale a pass takes minutes.</param>
    /// <param name="settings">The publish transaction's settings, for the second connection's pass (CellsBeside).</param>
    public static async Task AggregateAsync(NpgsqlDataSource db, NpgsqlConnection connection, int releaseId, TableLimits? limits,
        string settings, Action<string> step, CancellationToken ct)
    {
        var customTables = limits is not null;
        var masks = Levels.Select(level => Masks(limits?.ByLevel[level.LimitIndex] ?? 0)).ToList();
        await Run(connection, CreateCellSql, null, ct);
        // Partials (one row per region and combination of the variables in use) start at the village level for the fixed
        // tables: tier by decile is at most 40 rows a village. With custom tables a village partial by all six variables
        // is about as many rows as families (Lampung: 1.2 M of 2.7 M), so the villages' cells, at most one variable,
        // are counted straight from the families, on a second connection beside the partials' passes, and the partials
        // start at the district level (Lampung: 0.22 M rows).
        var first = customTables ? 1 : 0;
        var source = FamilySource(customTables);
        await using var villages = customTables
            ? CellsBeside.Start(db, $"{settings}; {VillagesPassSettings}", releaseId,
                SelectCellsSql($"({source(Levels[0].Code("village_code"), releaseId)}) f", masks[0]), ct)
            : null;
        if (villages is not null)
        {
            step($"{LevelName(0)} cells from the families, {masks[0].Count} tables, on a second connection beside the passes below");
        }
        step($"{LevelName(first)} partials from the families");
        await Run(connection, PartialSql(Levels[first].Table, source(Levels[first].Code("village_code"), releaseId)), null, ct);
        for (var level = first + 1; level < Levels.Length; level++)
        {
            step($"{LevelName(level)} partials");
            await Run(connection, PartialSql(Levels[level].Table, PartialSource(Levels[level - 1].Table, Levels[level].Code)), null, ct);
        }
        for (var level = first; level < Levels.Length; level++)
        {
            step($"{LevelName(level)} cells, {masks[level].Count} tables");
            await Run(connection, $"INSERT INTO pub_cell {SelectCellsSql(Levels[level].Table, masks[level])}", null, ct);
        }
        if (villages is not null)
        {
            step($"{LevelName(0)} cells: taken from the second connection");
            await villages.CopyIntoAsync(connection, "pub_cell", ct);
        }
        // The perturbation joins every cell to its noise rows; planned on a guess, such a join once looped over the cells per row.
        await Run(connection, "ANALYZE pub_cell", null, ct);
    }

    // The villages' pass is one process (PostgreSQL runs grouping sets without parallel workers) holding every village's
    // cells of its tables in hash tables: 582 MB at national scale (2.4 M cells). With the publish's 256 MB (hash tables
    // may take twice work_mem) it spilled 1.7 GB to disk in 25 batches and took 126 s alone, against 107 s in memory
    // (docs/BENCHMARKS.md). Only this connection: the main one's passes run in parallel workers, each with its own work_mem.
    private const string VillagesPassSettings = "SET LOCAL work_mem = '512MB'";

    private static string LevelName(int level) => Levels[level].Table["pub_part_".Length..];

    /// <summary>
    /// The tables (variable masks) a level publishes: every combination of at most <paramref name="limit"/> variables,
    /// and always the fixed tables (the total, tiers, deciles), whatever the limit.
    /// </summary>
    public static IReadOnlyList<short> Masks(int limit) =>
        Enumerable.Range(0, 1 << TableVariables.All.Count)
            .Where(mask => System.Numerics.BitOperations.PopCount((uint)mask) <= limit
                           || mask == TableVariables.Tier.Bit || mask == TableVariables.Decile.Bit)
            .Select(mask => (short)mask).ToList();

    private static Task Run(NpgsqlConnection connection, string sql, object? parameters, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: ct));

    // The six variables' columns, highest bit first.
    private static readonly string Columns = string.Join(", ", TableVariables.All.Select(v => v.Column));

    /// <summary>A family's size band as stored (TableVariables.FamilySizeBand).</summary>
    internal const string FamilySizeBandSql = "CASE WHEN members <= 1 THEN 1 WHEN members = 2 THEN 2 WHEN members <= 4 THEN 3 WHEN members <= 6 THEN 4 ELSE 5 END";

    // Category values of stats.table_cell (TableVariables): head_sex male 1, female 2; disability no 1, yes 2.
    private const string HeadSexSql = "CASE head_sex WHEN 'F' THEN 2 ELSE 1 END";
    private const string DisabilitySql = "CASE WHEN disability THEN 2 ELSE 1 END";

    // The families as rows of a partial: one family each, with its region code at the level the caller needs. Without
    // custom tables only tier and decile are grouped, and the other four columns are constant, which keeps the fixed
    // tables' publish as cheap as it was. The zero key hashes each record key (PostgreSQL's integer hash, a bijective
    // mix) so that "is this cell 0" is drawn independently of the cell key that draws its value.
    // The release id is written into the statement (an integer), not bound: the villages' pass is a COPY, which takes no parameters.
    private static Func<string, int, string> FamilySource(bool customTables) => (regionCode, releaseId) => $"""
        SELECT {regionCode} AS region_code, tier, decile,
               {(customTables ? HeadSexSql : "0")}::smallint AS head_sex,
               {(customTables ? "head_age_group" : "0")}::smallint AS head_age_group,
               {(customTables ? DisabilitySql : "0")}::smallint AS disability,
               {(customTables ? FamilySizeBandSql : "0")}::smallint AS family_size,
               1 AS n_families, members AS n_persons, rkey AS key_families, pkey_sum AS key_persons, hashint4(rkey) AS zero_key
          FROM microdata.family
         WHERE release_id = {releaseId}
        """;

    private static string PartialSource(string below, Func<string, string> code) => $"""
        SELECT {code("region_code")} AS region_code, {Columns}, n_families, n_persons, key_families, key_persons, zero_key
          FROM {below}
        """;

    // A partial's columns are integers so that the next level's sums are int8 and not the numeric sum(int8) gives, which
    // made the district cells of Lampung (22 tables over 0.2 M partial rows) several times slower. Counts fit: Indonesia
    // has about 280 M persons. Key sums are kept mod 2^32 as a signed remainder.
    private static string Wrapped(string sum) =>
        $"(mod(mod({sum}, 4294967296) + 4294967296 + 2147483648, 4294967296) - 2147483648)::integer";

    private static string PartialSql(string table, string source) => $"""
        CREATE TEMP TABLE {table} ON COMMIT DROP AS
        SELECT region_code, {Columns},
               sum(n_families)::integer AS n_families, sum(n_persons)::integer AS n_persons,
               {Wrapped("sum(key_families)")} AS key_families, {Wrapped("sum(key_persons)")} AS key_persons,
               max(zero_key) AS zero_key
          FROM ({source}) f
         GROUP BY region_code, {Columns};
        ANALYZE {table}
        """;

    private const string CreateCellSql = """
        CREATE TEMP TABLE pub_cell (
            region_code text COLLATE "C", variables smallint,
            tier smallint, decile smallint, head_sex smallint, head_age_group smallint, disability smallint, family_size smallint,
            n_families bigint, n_persons bigint, ck_families bigint, ck_persons bigint, zero_key bigint
        ) ON COMMIT DROP
        """;

    // One cell per region, table and combination of categories; a variable not in the table is 0. Only the level's
    // largest tables (those inside no other of its tables) are grouped from the source, whose rows are many (a partial
    // has every combination of all six variables); each smaller table is summed from the cells of one larger table that
    // holds its variables, the one with the fewest cells, which are few. Counts and key sums add up and a zero key is the
    // largest of its parts', so both ways give the same cells; grouping sets cost PostgreSQL a hash lookup per source row
    // and table, so this halves a level with tables of up to three variables.
    // Its columns are pub_cell's, in order and type: the villages' cells arrive as a binary COPY of this select.
    private static string SelectCellsSql(string source, IReadOnlyList<short> masks)
    {
        var (largest, smaller) = Plan(masks);
        if (smaller.Count == 0)
        {
            return GroupedCellsSql(source, largest);
        }
        return $"""
            WITH largest ({CellColumns}) AS MATERIALIZED (
            {GroupedCellsSql(source, largest)}
            )
            SELECT * FROM largest
            UNION ALL
            SELECT t.region_code, s.mask,
                   {string.Join(", ", TableVariables.All.Select(v => $"CASE WHEN s.mask & {v.Bit} <> 0 THEN t.{v.Column} ELSE 0 END::smallint"))},
                   sum(t.n_families)::bigint, sum(t.n_persons)::bigint,
                   mod(sum(t.ck_families), 4294967296)::bigint, mod(sum(t.ck_persons), 4294967296)::bigint,
                   max(t.zero_key)
              FROM largest t
              JOIN (VALUES {string.Join(", ", smaller.Select(s => $"({s.Mask}::smallint, {s.From}::smallint)"))}) AS s (mask, from_mask)
                ON t.variables = s.from_mask
             GROUP BY t.region_code, s.mask, {string.Join(", ", Enumerable.Range(3, TableVariables.All.Count))}
            """;
    }

    /// <summary>
    /// Which of a level's tables are grouped from the source (those inside no other), and for each of the others the
    /// grouped table it is summed from: one holding all its variables, with the fewest cells.
    /// </summary>
    internal static (IReadOnlyList<short> Largest, IReadOnlyList<(short Mask, short From)> Smaller) Plan(IReadOnlyList<short> masks)
    {
        var largest = masks.Where(mask => !masks.Any(other => other != mask && (other & mask) == mask)).ToList();
        var smaller = masks.Except(largest)
            .Select(mask => (mask, largest.Where(top => (top & mask) == mask).MinBy(Cells)))
            .ToList();
        return (largest, smaller);
    }

    private const string CellColumns =
        "region_code, variables, tier, decile, head_sex, head_age_group, disability, family_size, n_families, n_persons, ck_families, ck_persons, zero_key";

    /// <summary>How many cells a table has at most in one region: the product of its variables' category counts.</summary>
    private static int Cells(short mask) =>
        TableVariables.All.Where(v => (mask & v.Bit) != 0).Aggregate(1, (cells, v) => cells * v.Categories.Count);

    // GROUPING() is 1 for a column the row's grouping set leaves out. A variable in none of the tables is not grouped at
    // all, and GROUPING() refuses it: it is the constant 0. The cell key is the sum of record keys mod 2^32, so the same
    // set of families always has the same key, in whatever table it is a cell.
    private static string GroupedCellsSql(string source, IReadOnlyList<short> masks)
    {
        var used = TableVariables.All.Where(v => masks.Any(mask => (mask & v.Bit) != 0)).ToList();
        return $"""
            SELECT region_code, ({string.Join(" + ", used.Select(v => $"(1 - GROUPING({v.Column})) * {v.Bit}").DefaultIfEmpty("0"))})::smallint,
                   {string.Join(", ", TableVariables.All.Select(v => used.Contains(v) ? $"COALESCE({v.Column}, 0)::smallint" : "0::smallint"))},
                   sum(n_families)::bigint, sum(n_persons)::bigint,
                   mod(mod(sum(key_families), 4294967296) + 4294967296, 4294967296)::bigint,
                   mod(mod(sum(key_persons), 4294967296) + 4294967296, 4294967296)::bigint,
                   max(zero_key)::bigint + 2147483648
              FROM {source}
             GROUP BY region_code, GROUPING SETS ({string.Join(", ", masks.Select(GroupingSet))})
            """;
    }

    private static string GroupingSet(short mask) =>
        "(" + string.Join(", ", TableVariables.All.Where(v => (mask & v.Bit) != 0).Select(v => v.Column)) + ")";
}
