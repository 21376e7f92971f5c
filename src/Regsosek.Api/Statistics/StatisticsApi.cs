using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Releases;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

public static class StatisticsApi
{
    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        var statistics = api.MapGroup("/statistics").WithTags("Statistics");

        statistics.MapGet("/tiers", GetTiers)
            .WithName("GetTierStatisticsV1")
            .WithSummary("Families or persons per welfare tier, by region")
            .WithDescription("Published counts and shares per welfare tier (extreme_poor, poor, vulnerable, upper_middle) for a list of " +
                             "regions (`region=18,18.71`) or for every region of a level below a parent (`parent=18.71&level=village`). " +
                             "JSON, CSV or JSON-stat by `format=` or Accept. Pages with `parent`/`level` are keyset-paginated; the " +
                             "next link pins the release. Shares divide published counts by their published sum (`denominator`).")
            .CacheOutput(OutputCaching.StatisticsPolicy);

        statistics.MapGet("/deciles", GetDeciles)
            .WithName("GetDecileStatisticsV1")
            .WithSummary("Families or persons per national welfare decile, by region")
            .WithDescription("As the tier statistics, split by national welfare decile 1 (poorest 10 %) to 10 (richest).")
            .CacheOutput(OutputCaching.StatisticsPolicy);

        return api;
    }

    public static Task<Results<StatisticsResult<TierPage>, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetTiers(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetTableAsync(Breakdowns.Tiers, query, releases, rows, http, ct);

    public static Task<Results<StatisticsResult<DecilePage>, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetDeciles(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetTableAsync(Breakdowns.Deciles, query, releases, rows, http, ct);

    private static async Task<Results<StatisticsResult<TPage>, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetTableAsync<TPage>(
        Breakdown<TPage> breakdown, StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct)
    {
        var parsed = StatisticsRequest.Parse(query, http.Request.Headers.Accept);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var request = parsed.Value;
        var resolved = await releases.ResolveAsync(request.Release, ct);
        if (resolved.Problem is { } unknownRelease)
        {
            return unknownRelease;
        }
        var release = resolved.Value;
        if (request.Scope is StatisticsScope.LevelPage { Parent: { } parent } && (await rows.ByCodesAsync(release.Id, [parent.Value], ct)).Count == 0)
        {
            return Problems.RegionsNotInRelease([parent.Value]);
        }
        if (HttpCaching.IsNotModified(http, release, request.Release.IsPinned, request.Format.ToString()))
        {
            return new NotModified();
        }
        var page = await ReadAsync(rows, release, request.Scope, http, ct);
        if (page.Problem is { } unknownRegions)
        {
            HttpCaching.Forget(http);
            return unknownRegions;
        }
        return new StatisticsResult<TPage>(breakdown, new StatisticsTable(release, request.Measure, page.Value), request.Format);
    }

    /// <summary>The rows of a scope: every listed region (or the 404 naming those the release lacks), or one page of a level.</summary>
    private static async Task<Outcome<Page<RegionStatistics>, NotFoundProblem>> ReadAsync(
        PublishedRowCache rows, ReleaseInfo release, StatisticsScope scope, HttpContext http, CancellationToken ct)
    {
        switch (scope)
        {
            case StatisticsScope.Listed { Codes: var codes }:
                var listed = await rows.ByCodesAsync(release.Id, codes, ct);
                return listed.Count == codes.Count
                    ? new Page<RegionStatistics>(listed, null, null)
                    : Problems.RegionsNotInRelease(codes.Except(listed.Select(r => r.RegionCode)).ToList());
            case StatisticsScope.LevelPage level:
                var read = await rows.AtLevelAsync(release.Id, (int)level.Level, level.Parent?.Value, level.Page.After, level.Page.RowsToRead, ct);
                // The next page reads the release this page was read from, even if latest moves in between.
                return read.ToPage(level.Page, r => r.RegionCode, http, ("release", release.Name));
            default:
                throw new UnreachableException($"Unknown statistics scope {scope.GetType().Name}.");
        }
    }
}
