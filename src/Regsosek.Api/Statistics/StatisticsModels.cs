using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Data.Statistics;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Statistics;

/// <summary>A tier's published count and its share.</summary>
/// <param name="Tier">extreme_poor, poor, vulnerable or upper_middle.</param>
/// <param name="Count">Published (perturbed) count; never 1 or 2. Null when the release does not cover the region (coverage none): not covered, never 0.</param>
/// <param name="Share">Count divided by the row's denominator, 6 decimals; null when the denominator is 0 or the region is not covered.</param>
public sealed record TierCount([property: Shape(ValueShape.TierId)] string Tier, int? Count, double? Share);

/// <summary>A decile's published count and its share.</summary>
/// <param name="Decile">1 (poorest 10 %) to 10 (richest).</param>
/// <param name="Count">Published (perturbed) count; never 1 or 2. Null when the release does not cover the region (coverage none): not covered, never 0.</param>
/// <param name="Share">Count divided by the row's denominator, 6 decimals; null when the denominator is 0 or the region is not covered.</param>
public sealed record DecileCount([property: Shape(ValueShape.Decile)] int Decile, int? Count, double? Share);

/// <summary>One region's tier counts for one measure.</summary>
/// <param name="Code">Kemendagri code, or ID for Indonesia.</param>
/// <param name="Name">Official name.</param>
/// <param name="Level">national, province, regency, district or village.</param>
/// <param name="ParentCode">Code one level up (ID for provinces); null for Indonesia.</param>
/// <param name="Ancestors">Codes above the region, province first.</param>
/// <param name="Coverage">How much of the region the release covers: full, partial (counts of the covered part only) or none (counts null).</param>
/// <param name="Total">Published total, protected on its own: it need not equal the sum of the tiers. Null when the region is not covered (coverage none).</param>
/// <param name="Denominator">Sum of the published tier counts; the denominator of every share in this row. Null when the region is not covered.</param>
/// <param name="Tiers">The four tiers, poorest first.</param>
public sealed record TierRow([property: Shape(ValueShape.StatisticsRegionCode)] string Code, string Name, [property: Shape(ValueShape.Level)] string Level,
    [property: Shape(ValueShape.StatisticsRegionCode)] string? ParentCode, [property: Shape(ValueShape.RegionCode)] IReadOnlyList<string> Ancestors,
    [property: Shape(ValueShape.Coverage)] string Coverage, int? Total, int? Denominator, IReadOnlyList<TierCount> Tiers);

/// <summary>One region's decile counts for one measure.</summary>
/// <param name="Code">Kemendagri code, or ID for Indonesia.</param>
/// <param name="Name">Official name.</param>
/// <param name="Level">national, province, regency, district or village.</param>
/// <param name="ParentCode">Code one level up (ID for provinces); null for Indonesia.</param>
/// <param name="Ancestors">Codes above the region, province first.</param>
/// <param name="Coverage">How much of the region the release covers: full, partial (counts of the covered part only) or none (counts null).</param>
/// <param name="Total">Published total, protected on its own: it need not equal the sum of the deciles. Null when the region is not covered (coverage none).</param>
/// <param name="Denominator">Sum of the published decile counts; the denominator of every share in this row. Null when the region is not covered.</param>
/// <param name="Deciles">Deciles 1 to 10, poorest first.</param>
public sealed record DecileRow([property: Shape(ValueShape.StatisticsRegionCode)] string Code, string Name, [property: Shape(ValueShape.Level)] string Level,
    [property: Shape(ValueShape.StatisticsRegionCode)] string? ParentCode, [property: Shape(ValueShape.RegionCode)] IReadOnlyList<string> Ancestors,
    [property: Shape(ValueShape.Coverage)] string Coverage, int? Total, int? Denominator, IReadOnlyList<DecileCount> Deciles);

/// <summary>Tier counts of a set of regions.</summary>
/// <param name="Release">The release the counts come from.</param>
/// <param name="Measure">families or persons.</param>
/// <param name="Items">One row per region, in the order asked for, or in code order.</param>
/// <param name="Total">Rows over all pages of this query (the regions listed, or every region of the level below the parent).</param>
/// <param name="NextCursor">Opaque cursor of the next page; null on the last page.</param>
/// <param name="Next">Relative URL of the next page, pinned to this release (also sent as Link rel="next"); null on the last page.</param>
/// <param name="Note">How to read the counts; the release has the full disclosure-control statement.</param>
public sealed record TierPage(ReleaseRef Release, [property: Shape(ValueShape.Measure)] string Measure, IReadOnlyList<TierRow> Items, int Total, string? NextCursor, string? Next, string Note);

/// <summary>Decile counts of a set of regions.</summary>
/// <param name="Release">The release the counts come from.</param>
/// <param name="Measure">families or persons.</param>
/// <param name="Items">One row per region, in the order asked for, or in code order.</param>
/// <param name="Total">Rows over all pages of this query (the regions listed, or every region of the level below the parent).</param>
/// <param name="NextCursor">Opaque cursor of the next page; null on the last page.</param>
/// <param name="Next">Relative URL of the next page, pinned to this release (also sent as Link rel="next"); null on the last page.</param>
/// <param name="Note">How to read the counts; the release has the full disclosure-control statement.</param>
public sealed record DecilePage(ReleaseRef Release, [property: Shape(ValueShape.Measure)] string Measure, IReadOnlyList<DecileRow> Items, int Total, string? NextCursor, string? Next, string Note);

/// <summary>A region as a breadcrumb entry.</summary>
public sealed record RegionLabel([property: Shape(ValueShape.StatisticsRegionCode)] string Code, string Name, [property: Shape(ValueShape.Level)] string Level);

/// <summary>Everything one measure says about one region.</summary>
/// <param name="Total">Published total (protected on its own); null when the region is not covered.</param>
/// <param name="TierDenominator">Sum of the published tier counts, the denominator of the tier shares; null when the region is not covered.</param>
/// <param name="Tiers">The four tiers, poorest first.</param>
/// <param name="DecileDenominator">Sum of the published decile counts, the denominator of the decile shares; null when the region is not covered.</param>
/// <param name="Deciles">Deciles 1 to 10, poorest first.</param>
public sealed record MeasureStatistics(int? Total, int? TierDenominator, IReadOnlyList<TierCount> Tiers, int? DecileDenominator, IReadOnlyList<DecileCount> Deciles);

/// <summary>A region's whole picture: tiers and deciles, families and persons, in one call.</summary>
/// <param name="Release">The release the counts come from.</param>
/// <param name="Region">The region.</param>
/// <param name="Ancestors">Breadcrumb from Indonesia down, excluding the region.</param>
/// <param name="Coverage">How much of the region the release covers: full, partial (counts of the covered part only) or none (every count null: not covered, never 0).</param>
/// <param name="Families">Counts of families.</param>
/// <param name="Persons">Counts of persons (members of those families).</param>
/// <param name="Note">How to read the counts.</param>
public sealed record RegionStatisticsResponse(ReleaseRef Release, RegionLabel Region, IReadOnlyList<RegionLabel> Ancestors,
    [property: Shape(ValueShape.Coverage)] string Coverage, MeasureStatistics Families, MeasureStatistics Persons, string Note);

public static class StatisticsRows
{
    public const string Note =
        "Counts are protected by the cell key method: small zero-mean noise, the same value for the same cell everywhere, " +
        "never 1 or 2, and parts need not add up to totals. Coverage: a region the release does not cover has null " +
        "counts (not covered, never 0); a partly covered one counts its covered part only. See the release for the full statement.";

    public static TierRow Tiers(RegionStatistics r, Measure measure)
    {
        var counts = r.ByTier(measure);
        var denominator = counts?.Sum();
        return new TierRow(r.RegionCode, r.Name, GeoLevels.FromDepth(r.Level).ApiName(), r.ParentCode, StatisticsRegions.AncestorCodes(r.RegionCode),
            r.Coverage.ApiName(), r.Total(measure), denominator,
            Vocabulary.Tiers.Select((t, i) => new TierCount(t.Id, counts?[i], Share(counts?[i], denominator))).ToList());
    }

    public static DecileRow Deciles(RegionStatistics r, Measure measure)
    {
        var counts = r.ByDecile(measure);
        var denominator = counts?.Sum();
        return new DecileRow(r.RegionCode, r.Name, GeoLevels.FromDepth(r.Level).ApiName(), r.ParentCode, StatisticsRegions.AncestorCodes(r.RegionCode),
            r.Coverage.ApiName(), r.Total(measure), denominator,
            Vocabulary.Deciles.Select((_, i) => new DecileCount(i + 1, counts?[i], Share(counts?[i], denominator))).ToList());
    }

    /// <summary>Shares divide published counts by their published sum, so they add up to 1 (rounding aside) and use nothing unpublished.</summary>
    public static double? Share(int? count, int? denominator) =>
        count is { } c && denominator is { } d ? Regsosek.Data.Exports.CsvTable.Share(c, d) : null;

    public static MeasureStatistics Whole(RegionStatistics r, Measure measure)
    {
        var tiers = Tiers(r, measure);
        var deciles = Deciles(r, measure);
        return new MeasureStatistics(tiers.Total, tiers.Denominator, tiers.Tiers, deciles.Denominator, deciles.Deciles);
    }
}
