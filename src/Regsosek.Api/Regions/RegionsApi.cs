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

    public static async Task<Results<Ok<RegionPage>, BadRequestProblem, NotFoundProblem>> ListRegions(
        [AsParameters] RegionListQuery query, RegionStore store, HttpContext http, CancellationToken ct)
    {
        if (Validate.First(Validate.Level(query.Level, out var level), Validate.Limit(query.Limit, out var limit, PageSize.Regions), Validate.Cursor(query.Cursor, out var after)) is { } invalid)
        {
            return invalid;
        }
        RegionCode? ancestor = null;
        if (query.Parent is not null)
        {
            if (Validate.RegionCode(query.Parent, "parent", out var parent) is { } badParent)
            {
                return badParent;
            }
            if (!await store.ExistsAsync(parent, ct))
            {
                return Problems.RegionNotFound(parent.Value);
            }
            ancestor = parent;
        }
        string? folded = null;
        if (query.Q is not null)
        {
            folded = NameFolding.Fold(query.Q.Trim());
            if (folded.Length is < 2 or > 100)
            {
                return Problems.InvalidParameter("q", "q must be 2 to 100 characters.");
            }
        }
        var rows = await store.ListAsync(new RegionFilter(level?.ToRegionLevel(), ancestor, folded, after, Paging.RowsToRead(limit)), ct);
        return TypedResults.Ok(ToPage(rows, limit, http));
    }

    public static async Task<Results<Ok<RegionDetail>, BadRequestProblem, NotFoundProblem>> GetRegion(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "code"), System.ComponentModel.Description("Kemendagri region code: NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN."), OpenApi.Example("18.71")] string code,
        RegionStore store, CancellationToken ct)
    {
        if (Validate.RegionCode(code, "code", out var regionCode) is { } invalid)
        {
            return invalid;
        }
        if (await store.GetWithAncestorsAsync(regionCode, ct) is not var (region, ancestors, childCount))
        {
            return Problems.RegionNotFound(regionCode.Value);
        }
        var level = GeoLevels.FromDepth(region.Level);
        return TypedResults.Ok(new RegionDetail(
            region.Code, region.Name, level.ApiName(), region.Kind, region.ParentCode,
            level == GeoLevel.Village ? regionCode.IsUrbanVillage : null,
            ancestors.Select(a => new RegionRef(a.Code, a.Name, GeoLevels.FromDepth(a.Level).ApiName())).ToList(),
            childCount,
            level.Below()?.ApiName()));
    }

    public static async Task<Results<Ok<RegionPage>, BadRequestProblem, NotFoundProblem>> ListChildren(
        [AsParameters] ChildrenQuery query, RegionStore store, HttpContext http, CancellationToken ct)
    {
        if (Validate.First(Validate.RegionCode(query.Code, "code", out var code), Validate.Limit(query.Limit, out var limit, PageSize.Regions), Validate.Cursor(query.Cursor, out var after)) is { } invalid)
        {
            return invalid;
        }
        var rows = await store.ChildrenAsync(code, after, Paging.RowsToRead(limit), ct);
        if (rows.Count == 0 && after is null && !await store.ExistsAsync(code, ct))
        {
            return Problems.RegionNotFound(code.Value);
        }
        return TypedResults.Ok(ToPage(rows, limit, http));
    }

    private static RegionPage ToPage(IReadOnlyList<RegionSummary> rows, int limit, HttpContext http)
    {
        var page = rows.ToPage(limit, r => r.Code, http);
        return new RegionPage(page.Items.Select(RegionItem.From).ToList(), page.NextCursor, page.Next);
    }
}
