using Regsosek.Api.Releases;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>One page of a statistics table: what every representation (JSON, CSV, JSON-stat) is rendered from.</summary>
public sealed record StatisticsTable(ReleaseInfo Release, Measure Measure, Breakdown Breakdown, IReadOnlyList<RegionStatistics> Rows,
    string? NextCursor, string? Next)
{
    public object ToJson() => Breakdown == Breakdown.Tiers
        ? new TierPage(ReleaseRef.From(Release), Measure.ApiName(), Rows.Select(r => StatisticsRows.Tiers(r, Measure)).ToList(), NextCursor, Next, StatisticsRows.Note)
        : new DecilePage(ReleaseRef.From(Release), Measure.ApiName(), Rows.Select(r => StatisticsRows.Deciles(r, Measure)).ToList(), NextCursor, Next, StatisticsRows.Note);
}
