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
    /// <summary>The region levels, finest first: the partials' table, and how a region code of the level below maps to it.</summary>
    private static readonly (string Table, string ParentCode, int LimitIndex)[] Levels =
    [
        ("pub_part_village", "", 4),
        ("pub_part_district", "left(region_code, 8)", 3),
        ("pub_part_regency", "left(region_code, 5)", 2),
        ("pub_part_province", "left(region_code, 2)", 1),
        ("pub_part_national", $"'{StatisticsStore.National}'", 0),
    ];

    public static async Task AggregateAsync(NpgsqlConnection connection, int releaseId, TableLimits? limits, CancellationToken ct)
    {
        await Run(connection, VillagePartialSql(limits is not null), new { id = releaseId }, ct);
        for (var level = 1; level < Levels.Length; level++)
        {
            await Run(connection, RollUpSql(Levels[level].Table, Levels[level - 1].Table, Levels[level].ParentCode), null, ct);
        }
        await Run(connection, CreateCellSql, null, ct);
        foreach (var (table, _, limitIndex) in Levels)
        {
            await Run(connection, CellSql(table, Masks(limits?.ByLevel[limitIndex] ?? 0)), null, ct);
        }
        // The perturbation joins every cell to the ptable; planned on a guess, it once looped over the cells per row.
        await Run(connection, "ANALYZE pub_cell", null, ct);
    }

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

    // Village partials: one row per village and combination of the six variables. Without custom tables only tier and
    // decile are needed, and the other four columns are constant, which keeps the fixed tables' publish as cheap as it
    // was. The zero key hashes each record key (PostgreSQL's integer hash, a bijective mix) so that "is this cell 0" is
    // drawn independently of the cell key that draws its value. sum(int4) is an int8: no overflow within a village.
    private static string VillagePartialSql(bool customTables) => $"""
        CREATE TEMP TABLE pub_part_village ON COMMIT DROP AS
        SELECT village_code AS region_code, tier, decile,
               {(customTables ? HeadSexSql : "0")}::smallint AS head_sex,
               {(customTables ? "head_age_group" : "0")}::smallint AS head_age_group,
               {(customTables ? DisabilitySql : "0")}::smallint AS disability,
               {(customTables ? FamilySizeBandSql : "0")}::smallint AS family_size,
               count(*)::bigint AS n_families, sum(members)::bigint AS n_persons,
               sum(rkey) AS key_families, sum(pkey_sum) AS key_persons, max(hashint4(rkey)) AS zero_key
          FROM microdata.family
         WHERE release_id = @id
         GROUP BY village_code, tier, decile, 4, 5, 6, 7
        """;

    // Key sums are kept mod 2^32 (as signed remainders) at each level so they stay int8.
    private static string RollUpSql(string table, string below, string parentCode) => $"""
        CREATE TEMP TABLE {table} ON COMMIT DROP AS
        SELECT {parentCode} AS region_code, {Columns},
               sum(n_families)::bigint AS n_families, sum(n_persons)::bigint AS n_persons,
               mod(sum(key_families), 4294967296)::bigint AS key_families, mod(sum(key_persons), 4294967296)::bigint AS key_persons,
               max(zero_key) AS zero_key
          FROM {below}
         GROUP BY 1, {Columns};
        ANALYZE {table}
        """;

    private const string CreateCellSql = """
        CREATE TEMP TABLE pub_cell (
            region_code text COLLATE "C", variables smallint,
            tier smallint, decile smallint, head_sex smallint, head_age_group smallint, disability smallint, family_size smallint,
            n_families bigint, n_persons bigint, ck_families bigint, ck_persons bigint, zero_key bigint
        ) ON COMMIT DROP
        """;

    // One cell per region, table and combination of categories; a variable not in the table is 0 (GROUPING() is 1 for
    // a column the row's grouping set leaves out). A variable in none of the level's tables is not grouped at all, and
    // GROUPING() refuses it: it is the constant 0. The cell key is the sum of record keys mod 2^32, so the same set of
    // families always has the same key, in whatever table it is a cell.
    private static string CellSql(string table, IReadOnlyList<short> masks)
    {
        var used = TableVariables.All.Where(v => masks.Any(mask => (mask & v.Bit) != 0)).ToList();
        return $"""
            INSERT INTO pub_cell
            SELECT region_code, ({string.Join(" + ", used.Select(v => $"(1 - GROUPING({v.Column})) * {v.Bit}").DefaultIfEmpty("0"))})::smallint,
                   {string.Join(", ", TableVariables.All.Select(v => used.Contains(v) ? $"COALESCE({v.Column}, 0)::smallint" : "0::smallint"))},
                   sum(n_families)::bigint, sum(n_persons)::bigint,
                   mod(mod(sum(key_families), 4294967296) + 4294967296, 4294967296)::bigint,
                   mod(mod(sum(key_persons), 4294967296) + 4294967296, 4294967296)::bigint,
                   max(zero_key)::bigint + 2147483648
              FROM {table}
             GROUP BY region_code, GROUPING SETS ({string.Join(", ", masks.Select(GroupingSet))})
            """;
    }

    private static string GroupingSet(short mask) =>
        "(" + string.Join(", ", TableVariables.All.Where(v => (mask & v.Bit) != 0).Select(v => v.Column)) + ")";
}
