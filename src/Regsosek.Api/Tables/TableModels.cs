using System.Text.Json.Serialization;
using Regsosek.Api.OpenApi;
using Regsosek.Api.Releases;

namespace Regsosek.Api.Tables;

/// <summary>
/// One cell of a custom table: a combination of categories of the table's variables and its published count. Only the
/// table's variables are present, each named as in by= and holding its category code as the release lists it.
/// </summary>
/// <param name="Tier">Welfare tier (extreme_poor, poor, vulnerable, upper_middle); absent when tier is not in the table.</param>
/// <param name="Decile">National welfare decile "1" (poorest 10 %) to "10"; absent when decile is not in the table.</param>
/// <param name="HeadSex">Sex of the family head (male, female); absent when head_sex is not in the table.</param>
/// <param name="HeadAgeGroup">Age group of the family head (15-24 .. 65+); absent when head_age_group is not in the table.</param>
/// <param name="Disability">Whether a member lives with a disability (no, yes); absent when disability is not in the table.</param>
/// <param name="FamilySize">Members of the family (1, 2, 3-4, 5-6, 7+); absent when family_size is not in the table.</param>
/// <param name="Count">Published (perturbed) count; never 1 or 2, and the same in every table that has this cell. Null when the release does not cover the region (coverage none): not covered, never 0.</param>
public sealed record TableCellCount(
    [property: JsonPropertyName("tier"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Shape(ValueShape.TierId)] string? Tier,
    [property: JsonPropertyName("decile"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Shape(ValueShape.DecileCode)] string? Decile,
    [property: JsonPropertyName("head_sex"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Shape(ValueShape.HeadSex)] string? HeadSex,
    [property: JsonPropertyName("head_age_group"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Shape(ValueShape.HeadAgeGroup)] string? HeadAgeGroup,
    [property: JsonPropertyName("disability"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Shape(ValueShape.Disability)] string? Disability,
    [property: JsonPropertyName("family_size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Shape(ValueShape.FamilySize)] string? FamilySize,
    int? Count);

/// <summary>One region's custom table for one measure.</summary>
/// <param name="Code">Kemendagri code, or ID for Indonesia.</param>
/// <param name="Name">Official name.</param>
/// <param name="Level">national, province, regency, district or village.</param>
/// <param name="ParentCode">Code one level up (ID for provinces); null for Indonesia.</param>
/// <param name="Ancestors">Codes above the region, province first.</param>
/// <param name="Coverage">How much of the region the release covers: full, partial (counts of the covered part only) or none (every count null).</param>
/// <param name="Total">Published total of the region, the same as in /statistics/tiers; protected on its own, so the cells need not add up to it. Null when the region is not covered.</param>
/// <param name="Cells">Every combination of the variables' categories, in the order of the variables and their categories; count 0 where none was published in a covered region, null in a region not covered.</param>
public sealed record TableRow([property: Shape(ValueShape.StatisticsRegionCode)] string Code, string Name, [property: Shape(ValueShape.Level)] string Level,
    [property: Shape(ValueShape.StatisticsRegionCode)] string? ParentCode, [property: Shape(ValueShape.RegionCode)] IReadOnlyList<string> Ancestors,
    [property: Shape(ValueShape.Coverage)] string Coverage, int? Total, IReadOnlyList<TableCellCount> Cells);

/// <summary>A custom table of a set of regions.</summary>
/// <param name="Release">The release the counts come from.</param>
/// <param name="Measure">families or persons.</param>
/// <param name="Variables">The table's variables, in canonical order (tier, decile, head_sex, head_age_group, disability, family_size).</param>
/// <param name="Items">One row per region, in the order asked for, or in code order.</param>
/// <param name="Total">Rows over all pages of this query (the regions listed, or every region of the level below the parent).</param>
/// <param name="NextCursor">Opaque cursor of the next page; null on the last page.</param>
/// <param name="Next">Relative URL of the next page, pinned to this release (also sent as Link rel="next"); null on the last page.</param>
/// <param name="Note">How to read the counts; the release has the full disclosure-control statement.</param>
public sealed record TablePage(ReleaseRef Release, [property: Shape(ValueShape.Measure)] string Measure,
    [property: Shape(ValueShape.TableVariable)] IReadOnlyList<string> Variables, IReadOnlyList<TableRow> Items, int Total, string? NextCursor, string? Next, string Note);

/// <summary>A category of a table variable.</summary>
/// <param name="Code">Its code in by= tables (JSON cells, CSV columns, JSON-stat categories).</param>
/// <param name="Label">Its names.</param>
public sealed record TableCategoryTerm(string Code, BilingualLabel Label);

/// <summary>A name in both languages of the registry.</summary>
/// <param name="En">English.</param>
/// <param name="Id">Indonesian.</param>
public sealed record BilingualLabel(string En, string Id);

/// <summary>A variable custom tables can be broken down by.</summary>
/// <param name="Name">Its name in by=, a CSV column and a JSON-stat dimension.</param>
/// <param name="Label">Its names.</param>
/// <param name="Categories">Its categories, in output order.</param>
public sealed record TableVariableTerm([property: Shape(ValueShape.TableVariable)] string Name, BilingualLabel Label, IReadOnlyList<TableCategoryTerm> Categories);

/// <summary>How many variables (by=) a table may have, by the level of its regions.</summary>
public sealed record TableMaxVariables(int National, int Province, int Regency, int District, int Village);

/// <summary>The custom tables a release publishes (/statistics/tables).</summary>
/// <param name="Variables">The variables, in canonical order, with their categories.</param>
/// <param name="MaxVariables">How many variables a table may have at each level; more is answered with /problems/table-too-detailed.</param>
public sealed record ReleaseTables(IReadOnlyList<TableVariableTerm> Variables, TableMaxVariables MaxVariables)
{
    public static ReleaseTables? From(Data.Tables.TableLimits? limits) => limits is null ? null : new(
        Data.Tables.TableVariables.All.Select(v => new TableVariableTerm(v.Name, new BilingualLabel(v.English, v.Indonesian),
            v.Categories.Select(c => new TableCategoryTerm(c.Code, new BilingualLabel(c.English, c.Indonesian))).ToList())).ToList(),
        new TableMaxVariables(limits.National, limits.Province, limits.Regency, limits.District, limits.Village));
}
