using System.Numerics;
using Dapper;
using Npgsql;
using Regsosek.Data.Tables;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// A custom-table cell: a region, a table (its variables' mask) and one category per variable of the table, in
/// TableVariables order (0 for a variable not in the table).
/// </summary>
public readonly record struct TableCellId(string Region, short Mask, short Tier, short Decile, short HeadSex, short HeadAgeGroup, short Disability, short FamilySize)
{
    public short Category(int variable) => variable switch
    {
        0 => Tier, 1 => Decile, 2 => HeadSex, 3 => HeadAgeGroup, 4 => Disability, _ => FamilySize,
    };

    /// <summary>The same cell with variable <paramref name="variable"/> (an index into TableVariables.All) at <paramref name="category"/>; 0 removes it from the table.</summary>
    public TableCellId With(int variable, short category)
    {
        var bit = TableVariables.All[variable].Bit;
        var mask = (short)(category == 0 ? Mask & ~bit : Mask | bit);
        return variable switch
        {
            0 => this with { Mask = mask, Tier = category },
            1 => this with { Mask = mask, Decile = category },
            2 => this with { Mask = mask, HeadSex = category },
            3 => this with { Mask = mask, HeadAgeGroup = category },
            4 => this with { Mask = mask, Disability = category },
            _ => this with { Mask = mask, FamilySize = category },
        };
    }

    public IEnumerable<int> Variables
    {
        get
        {
            var mask = Mask;
            return Enumerable.Range(0, TableVariables.All.Count).Where(v => (mask & TableVariables.All[v].Bit) != 0);
        }
    }

    public override string ToString() => $"{Region}/{Mask}/{Tier}.{Decile}.{HeadSex}.{HeadAgeGroup}.{Disability}.{FamilySize}";
}

/// <summary>
/// Published and true values of every cell of every custom table a release allows, zero cells included. True counts
/// come from a plain GROUP BY over microdata.family per table, written here independently of the publisher's roll-up
/// (with the admin role; the API's role cannot do this).
/// </summary>
public sealed class TableCells
{
    public required Dictionary<TableCellId, (long True, long Published)> Families { get; init; }
    public required Dictionary<TableCellId, (long True, long Published)> Persons { get; init; }
    /// <summary>Published rows of stats.table_cell that are no cell of a table the release allows at their level.</summary>
    public required List<TableCellId> OutsideLimits { get; init; }
    public required Dictionary<string, string?> Parents { get; init; }
    /// <summary>The most variables per level, national first, as the test expects them.</summary>
    public required int[] Limits { get; init; }

    public IEnumerable<(string Measure, Dictionary<TableCellId, (long True, long Published)> Cells, int D)> Measures(int familiesD, int personsD) =>
        [("families", Families, familiesD), ("persons", Persons, personsD)];

    public static int LevelOf(string region) => region switch { "ID" => 0, { Length: 2 } => 1, { Length: 5 } => 2, { Length: 8 } => 3, _ => 4 };

    /// <summary>Whether a level publishes a table: at most its limit of variables, and the fixed tables always.</summary>
    public bool Allows(string region, short mask) => Allows(LevelOf(region), mask);

    private bool Allows(int level, short mask) =>
        BitOperations.PopCount((uint)mask) <= Limits[level] || mask == TableVariables.Tier.Bit || mask == TableVariables.Decile.Bit;

    // Category values written out from TableVariables' own definitions, not from the publisher's SQL.
    private static readonly string SizeBand =
        "CASE members " + string.Join(" ", Enumerable.Range(1, 30).Select(m => $"WHEN {m} THEN {TableVariables.FamilySizeBand(m)}")) + " END";

    private static string TrueSql(short mask, IEnumerable<int> levels)
    {
        var columns = TableVariables.All.Select(v => (mask & v.Bit) != 0 ? $"f.{v.Column}" : "0").ToList();
        var codes = new[] { "('ID')", "(left(f.village_code, 2))", "(left(f.village_code, 5))", "(left(f.village_code, 8))", "(f.village_code)" };
        return $"""
            SELECT code AS Region, {string.Join(", ", columns.Select((c, i) => $"{c}::smallint AS c{i}"))},
                   count(*)::bigint AS Families, sum(members)::bigint AS Persons
              FROM (SELECT village_code, tier, decile, CASE head_sex WHEN 'M' THEN 1 ELSE 2 END AS head_sex, head_age_group,
                           CASE WHEN disability THEN 2 ELSE 1 END AS disability, {SizeBand} AS family_size, members
                      FROM microdata.family WHERE release_id = @releaseId) f
             CROSS JOIN LATERAL (VALUES {string.Join(", ", levels.Select(l => codes[l]))}) r(code)
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            """;
    }

    private sealed record Row(string Region, short C0, short C1, short C2, short C3, short C4, short C5, long Families, long Persons)
    {
        public TableCellId Id(short mask) => new(Region, mask, C0, C1, C2, C3, C4, C5);
    }

    public static async Task<TableCells> LoadAsync(string adminConnectionString, int releaseId, string regionPrefix, int[] limits)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var cells = new TableCells
        {
            Families = [], Persons = [], OutsideLimits = [], Limits = limits,
            Parents = (await connection.QueryAsync<(string Region, string? Parent)>(
                    "SELECT region_code, parent_code FROM stats.region_stat WHERE release_id = @releaseId AND (region_code = 'ID' OR region_code LIKE @prefix)",
                    new { releaseId, prefix = regionPrefix + "%" }))
                .ToDictionary(r => r.Region, r => r.Parent),
        };
        var truth = new Dictionary<TableCellId, (long Families, long Persons)>();
        var published = new Dictionary<TableCellId, (long Families, long Persons)>();
        for (short mask = 0; mask < 1 << TableVariables.All.Count; mask++)
        {
            var levels = Enumerable.Range(0, 5).Where(level => cells.Allows(level, mask)).ToList();
            if (levels.Count == 0)
            {
                continue;
            }
            foreach (var row in await connection.QueryAsync<Row>(TrueSql(mask, levels), new { releaseId }, commandTimeout: 600))
            {
                truth[row.Id(mask)] = (row.Families, row.Persons);
            }
        }
        foreach (var row in await connection.QueryAsync<(string Region, short Mask, short C0, short C1, short C2, short C3, short C4, short C5, long Families, long Persons)>("""
                     SELECT region_code, variables, tier, decile, head_sex, head_age_group, disability, family_size, families, persons
                       FROM stats.table_cell WHERE release_id = @releaseId
                     """, new { releaseId }))
        {
            published[new TableCellId(row.Region, row.Mask, row.C0, row.C1, row.C2, row.C3, row.C4, row.C5)] = (row.Families, row.Persons);
        }
        foreach (var region in cells.Parents.Keys)
        {
            for (short mask = 0; mask < 1 << TableVariables.All.Count; mask++)
            {
                if (!cells.Allows(region, mask))
                {
                    continue;
                }
                foreach (var id in Grid(new TableCellId(region, 0, 0, 0, 0, 0, 0, 0), mask))
                {
                    var (trueFamilies, truePersons) = truth.GetValueOrDefault(id);
                    var (publishedFamilies, publishedPersons) = published.GetValueOrDefault(id);
                    cells.Families[id] = (trueFamilies, publishedFamilies);
                    cells.Persons[id] = (truePersons, publishedPersons);
                }
            }
        }
        cells.OutsideLimits.AddRange(published.Keys.Where(id => !cells.Families.ContainsKey(id)));
        return cells;
    }

    /// <summary>Every combination of categories of the table <paramref name="mask"/>.</summary>
    private static IEnumerable<TableCellId> Grid(TableCellId start, short mask)
    {
        IEnumerable<TableCellId> ids = [start];
        for (var v = 0; v < TableVariables.All.Count; v++)
        {
            if ((mask & TableVariables.All[v].Bit) == 0)
            {
                continue;
            }
            var variable = v;
            ids = ids.SelectMany(id => TableVariables.All[variable].Categories.Select(c => id.With(variable, c.Value))).ToList();
        }
        return ids;
    }
}
