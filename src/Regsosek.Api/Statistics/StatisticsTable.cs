using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// One page of published rows of a release for one measure: what every representation is rendered from, whichever
/// breakdown splits it (<see cref="StatisticsResult{TPage}"/> puts the two and the format together).
/// </summary>
public sealed record StatisticsTable(ReleaseInfo Release, Measure Measure, Page<RegionStatistics> Page);
