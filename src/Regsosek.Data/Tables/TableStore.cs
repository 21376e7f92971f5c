using Dapper;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Data.Tables;

/// <summary>
/// One published cell of a custom table (stats.table_cell): the variables of its table as a bit mask, each variable's
/// category (0: not in the table) and the published counts of both measures. Cells published as 0 are not stored.
/// </summary>
public sealed class TableCell
{
    public string RegionCode { get; init; } = "";
    public short Variables { get; init; }
    public short Tier { get; init; }
    public short Decile { get; init; }
    public short HeadSex { get; init; }
    public short HeadAgeGroup { get; init; }
    public short Disability { get; init; }
    public short FamilySize { get; init; }
    public int Families { get; init; }
    public int Persons { get; init; }

    /// <summary>The category this cell has of <paramref name="variable"/> (0: the variable is not in its table).</summary>
    public short CategoryOf(TableVariable variable) => variable.Bit switch
    {
        32 => Tier,
        16 => Decile,
        8 => HeadSex,
        4 => HeadAgeGroup,
        2 => Disability,
        1 => FamilySize,
        _ => throw new ArgumentOutOfRangeException(nameof(variable), variable.Name, "Not a table variable."),
    };

    public int Count(Statistics.Measure measure) => measure == Statistics.Measure.Families ? Families : Persons;
}

/// <summary>
/// Reads published custom-table cells, and nothing else: the API's role can read no key sum or true count. Which
/// regions a release covers is the statistics' business (stats.region_stat); a covered region's cell that is absent
/// here was published as 0.
/// </summary>
public sealed class TableStore(NpgsqlDataSource db)
{
    // variables = ANY(masks) keeps to the primary key (release_id, variables, region_code, ...): one index range per
    // table and region, never a scan of the release's other tables.
    // Columns named as the properties: the mapping holds whether or not Dapper matches names with underscores (a
    // process-wide setting, and Dapper keeps the first mapping it makes for a statement).
    internal const string CellsSql = """
        SELECT region_code AS RegionCode, variables, tier, decile, head_sex AS HeadSex, head_age_group AS HeadAgeGroup, disability,
               family_size AS FamilySize, families, persons
          FROM stats.table_cell
         WHERE release_id = @releaseId AND variables = ANY(@masks) AND region_code = ANY(@codes)
        """;

    /// <summary>
    /// The published cells of the table of <paramref name="mask"/> and of every table made of fewer of its variables
    /// (its margins, down to the region's total, mask 0) for these regions, in one statement.
    /// </summary>
    public async Task<IReadOnlyList<TableCell>> CellsAsync(int releaseId, short mask, IReadOnlyList<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            return [];
        }
        await using var connection = await db.OpenForReadAsync(ct);
        return (await connection.QueryAsync<TableCell>(new CommandDefinition(CellsSql,
            new { releaseId, masks = SubsetsOf(mask), codes = codes.ToArray() }, cancellationToken: ct))).AsList();
    }

    /// <summary>Every mask whose variables are all in <paramref name="mask"/>, 0 and the mask itself included.</summary>
    public static short[] SubsetsOf(short mask)
    {
        var subsets = new List<short>();
        // The classic walk over the subsets of a bit set: (s - 1) & mask steps down through every one of them.
        for (var s = (int)mask; ; s = (s - 1) & mask)
        {
            subsets.Add((short)s);
            if (s == 0)
            {
                return [.. subsets];
            }
        }
    }
}
