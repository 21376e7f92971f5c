using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

public static class RegionsApi
{
    public static RouteGroupBuilder MapRegionsApi(this RouteGroupBuilder api)
    {
        var regions = api.MapGroup("/regions").WithTags("Regions");

        regions.MapGet("/", ListRegions)
            .WithName("ListRegionsV1")
            .WithSummary("Browse and search regions")
            .WithDescription("Lists regions in code order, filtered by level, by an ancestor region, and by a case- and accent-insensitive " +
                             "name search. Keyset-paginated: follow `next` (or the Link rel=\"next\" header) until it is null.");

        regions.MapGet("/{code}", GetRegion)
            .WithName("GetRegionV1")
            .WithSummary("One region with its breadcrumb")
            .WithDescription("A region by Kemendagri code, with its ancestors from the province down and its number of children.");

        regions.MapGet("/{code}/children", ListChildren)
            .WithName("ListRegionChildrenV1")
            .WithSummary("The regions one level down")
            .WithDescription("The direct children of a region in code order (e.g. the 15 regencies and cities of Lampung, code 18). Keyset-paginated.");

        // Documented with the other statistics: it is the same counts, for one region.
        regions.MapGet("/{code}/statistics", RegionStatisticsApi.GetRegionStatistics)
            .WithTags("Statistics")
            .WithName("GetRegionStatisticsV1")
            .WithSummary("One region's whole picture")
            .WithDescription("Tiers and deciles, families and persons, of one region (or ID for Indonesia) with its breadcrumb: " +
                             "what a dashboard needs in a single call.")
            .CacheOutput(OutputCaching.StatisticsPolicy);
        return api;
    }

    public static async Task<Results<Ok<RegionPage>, NotModified, BadRequestProblem, NotFoundProblem>> ListRegions(
        [AsParameters] RegionListQuery query, RegionStore store, HttpContext http, CancellationToken ct)
    {
        var parsed = RegionListRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var request = parsed.Value;
        if (await RegionDataValidators.IsNotModifiedAsync(http, store, ct))
        {
            return new NotModified();
        }
        if (request.Parent is { } parent && !await store.ExistsAsync(parent, ct))
        {
            HttpCaching.Forget(http);
            return Problems.RegionNotFound(parent.Value);
        }
        var (rows, total) = await store.ListAsync(
            new RegionFilter(request.Level?.ToRegionLevel(), request.Parent, request.FoldedName, request.Page.After, request.Page.RowsToRead), ct);
        return TypedResults.Ok(ToPage(rows, total, request.Page, http));
    }

    public static async Task<Results<Ok<RegionDetail>, NotModified, BadRequestProblem, NotFoundProblem>> GetRegion(
        [AsParameters] RegionQuery query, RegionStore store, HttpContext http, CancellationToken ct)
    {
        var parsed = RegionRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        if (await RegionDataValidators.IsNotModifiedAsync(http, store, ct))
        {
            return new NotModified();
        }
        var code = parsed.Value.Code;
        if (await store.GetWithAncestorsAsync(code, ct) is not var (region, ancestors, childCount))
        {
            HttpCaching.Forget(http);
            return Problems.RegionNotFound(code.Value);
        }
        var level = GeoLevels.FromDepth(region.Level);
        return TypedResults.Ok(new RegionDetail(
            region.Code, region.Name, level.ApiName(), region.Kind, region.ParentCode,
            level == GeoLevel.Village ? code.IsUrbanVillage : null,
            ancestors.Select(a => new RegionRef(a.Code, a.Name, GeoLevels.FromDepth(a.Level).ApiName())).ToList(),
            childCount,
            level.Below()?.ApiName()));
    }

    public static async Task<Results<Ok<RegionPage>, NotModified, BadRequestProblem, NotFoundProblem>> ListChildren(
        [AsParameters] RegionChildrenQuery query, RegionStore store, HttpContext http, CancellationToken ct)
    {
        var parsed = RegionChildrenRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        if (await RegionDataValidators.IsNotModifiedAsync(http, store, ct))
        {
            return new NotModified();
        }
        var (parent, page) = parsed.Value;
        var (rows, total) = await store.ChildrenAsync(parent, page.After, page.RowsToRead, ct);
        if (rows.Count == 0 && page.After is null && !await store.ExistsAsync(parent, ct))
        {
            HttpCaching.Forget(http);
            return Problems.RegionNotFound(parent.Value);
        }
        return TypedResults.Ok(ToPage(rows, total, page, http));
    }

    private static RegionPage ToPage(IReadOnlyList<RegionSummary> rows, int total, PageRequest request, HttpContext http)
    {
        var page = rows.ToPage(request, r => r.Code, total, http);
        return new RegionPage(page.Items.Select(RegionItem.From).ToList(), page.Total, page.NextCursor, page.Next);
    }
}
