using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Releases;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Regions;

/// <summary>GET /regions/{code}/statistics: one region's published counts, every breakdown and measure at once.</summary>
public static class RegionStatisticsApi
{
    public static async Task<Results<Ok<RegionStatisticsResponse>, NotModified, BadRequestProblem, NotFoundProblem>> GetRegionStatistics(
        [AsParameters] RegionStatisticsQuery query, ReleaseStore releases, PublishedRowCache statistics, HttpContext http, CancellationToken ct)
    {
        if (StatisticsApi.ParseRegionCode(query.Code, "code", out var code) is { } invalid)
        {
            return invalid;
        }
        var (release, problem) = await ReleaseResolver.ResolveAsync(releases, query.Release, "release", ct);
        if (release is null)
        {
            return problem is NotFoundProblem notFound ? notFound : (BadRequestProblem)problem!;
        }
        if (HttpCaching.IsNotModified(http, release, query.Release is not null and not ReleaseStore.Latest, "json"))
        {
            return new NotModified();
        }
        var lineage = Breakdowns.AncestorCodes(code).Prepend(StatisticsStore.National).Distinct().Append(code).Distinct().ToList();
        var rows = await statistics.ByCodesAsync(release.Id, lineage, ct);
        if (rows.LastOrDefault() is not { } region || region.RegionCode != code)
        {
            HttpCaching.Forget(http);
            return Problems.RegionsNotInRelease([code]);
        }
        var label = (RegionStatistics r) => new RegionLabel(r.RegionCode, r.Name, GeoLevels.FromDepth(r.Level).ApiName());
        return TypedResults.Ok(new RegionStatisticsResponse(ReleaseRef.From(release), label(region),
            rows.Where(r => r.RegionCode != code).Select(label).ToList(),
            StatisticsRows.Whole(region, Measure.Families), StatisticsRows.Whole(region, Measure.Persons), StatisticsRows.Note));
    }
}
