namespace Regsosek.Data.Tables;

/// <summary>
/// The checksum of a release's published custom-table cells (stats.release.table_checksum), computed in SQL: the
/// publisher stores it, and a reader can recompute it to prove the cells never changed after publishing. A sum of row
/// hashes rather than an ordered hash: it needs no sort of the release's millions of cells, and is the same whatever
/// order the rows come in.
/// </summary>
public static class TableChecksum
{
    /// <summary>An aggregate over the stats.table_cell rows in scope (alias-free column names).</summary>
    public const string Aggregate = """
        COALESCE(sum(hashtextextended(concat_ws('|', region_code, variables, tier, decile, head_sex, head_age_group,
                                                disability, family_size, families, persons), 0)::numeric), 0)::text
        """;
}
