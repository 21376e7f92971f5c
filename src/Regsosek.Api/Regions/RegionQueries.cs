using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Regions;

public sealed class RegionListQuery
{
    [FromQuery(Name = "level"), Description("Only regions of this level: province, regency, district or village."), Example("village")]
    public string? Level { get; init; }

    [FromQuery(Name = "parent"), Description("Only regions below this region (at any depth), e.g. 18 for everything in Lampung."), Example("18")]
    public string? Parent { get; init; }

    [FromQuery(Name = "q"), Description("Name search, case- and accent-insensitive, matching anywhere in the name (2-100 characters)."), Example("bandar")]
    public string? Q { get; init; }

    [FromQuery(Name = "limit"), PageLimit(PageSize.Regions)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from the previous page's nextCursor; omit for the first page.")]
    public string? Cursor { get; init; }
}

public sealed class ChildrenQuery
{
    [FromRoute(Name = "code"), Description("Kemendagri region code: NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN."), Example("18")]
    public required string Code { get; init; }

    [FromQuery(Name = "limit"), PageLimit(PageSize.Regions)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from the previous page's nextCursor; omit for the first page.")]
    public string? Cursor { get; init; }
}

/// <summary>The parameters of /regions/{code}/statistics.</summary>
public sealed class RegionStatisticsQuery
{
    [FromRoute(Name = "code"), Description("Kemendagri region code (NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN), or ID for Indonesia."), Example("18.71")]
    public required string Code { get; init; }

    [FromQuery(Name = "release"), Description("Release id (default latest)."), Example("latest")]
    public string? Release { get; init; }
}
