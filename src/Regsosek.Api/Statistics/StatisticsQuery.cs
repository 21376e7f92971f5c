using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Statistics;

/// <summary>
/// The parameters of a statistics table (/statistics/tiers, /statistics/deciles), as sent: which release, which regions
/// (region= or parent= and level=, a page at a time), which measure. Every value is a string, so binding never fails;
/// <see cref="StatisticsRequest"/> reads them. The representation is the operation's (tiers, tiers.csv, tiers.jsonstat);
/// at the plain path format= and Accept still choose it, read as negotiation, not as a documented parameter.
/// </summary>
public record StatisticsQuery
{
    [FromQuery(Name = "release"), Shape(ValueShape.ReleaseId), Description("Release id (default latest). Pin it, e.g. from the response's release.id, so later pages and calls read the same release."), Example("latest")]
    public string? Release { get; init; }

    [FromQuery(Name = "region"), Shape(ValueShape.StatisticsRegionList), Description("Up to 200 region codes separated by commas, in the order wanted; ID is Indonesia. Not with parent or level."), Example("18,18.71")]
    public string? Region { get; init; }

    // No example for parent and level: Swagger UI's "Try it out" fills in every example, and region does not combine with them.
    [FromQuery(Name = "parent"), Shape(ValueShape.StatisticsRegionCode), Description("All regions of `level` below this region (any depth), e.g. every village of regency 18.71. Omitted: national scope.")]
    public string? Parent { get; init; }

    [FromQuery(Name = "level"), Shape(ValueShape.RegionLevel), Description("province, regency, district or village. Default: one level below parent, or province without parent.")]
    public string? Level { get; init; }

    [FromQuery(Name = "measure"), Shape(ValueShape.Measure), Description("families (default) or persons. Families and persons are never mixed in one figure."), Example("families")]
    public string? Measure { get; init; }

    [FromQuery(Name = "limit"), PageLimit(PageSize.StatisticsRows)]
    public string? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description(PageCursor.ParameterDescription)]
    public string? Cursor { get; init; }
}
