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
        [AsParameters] RegionStatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct)
    {
        var parsed = RegionStatisticsRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var (code, releaseId) = parsed.Value;
        var resolved = await releases.ResolveAsync(releaseId, ct);
        if (resolved.Problem is { } unknownRelease)
        {
            return unknownRelease;
        }
        var release = resolved.Value;
        if (HttpCaching.IsNotModified(http, release, releaseId.IsPinned, "json"))
        {
            return new NotModified();
        }
        var lineage = StatisticsRegions.AncestorCodes(code).Prepend(StatisticsStore.National).Distinct().Append(code).Distinct().ToList();
        var found = await rows.ByCodesAsync(release.Id, lineage, ct);
        if (found.LastOrDefault() is not { } region || region.RegionCode != code)
        {
            HttpCaching.Forget(http);
            return Problems.RegionsNotInRelease([code]);
        }
        var label = (RegionStatistics r) => new RegionLabel(r.RegionCode, r.Name, GeoLevels.FromDepth(r.Level).ApiName());
        return TypedResults.Ok(new RegionStatisticsResponse(ReleaseRef.From(release), label(region),
            found.Where(r => r.RegionCode != code).Select(label).ToList(), region.Coverage.ApiName(),
            StatisticsRows.Whole(region, Measure.Families), StatisticsRows.Whole(region, Measure.Persons), StatisticsRows.Note));
    }
}
