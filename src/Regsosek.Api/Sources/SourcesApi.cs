using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Regions;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Sources;

public static class SourcesApi
{
    public static RouteGroupBuilder MapSourcesApi(this RouteGroupBuilder api)
    {
        var sources = api.MapGroup("/sources").WithTags("Sources");
        sources.MapGet("/regions", GetRegionSource)
            .WithName("GetRegionSourceV1")
            .WithSummary("Provenance and licence of the region data")
            .WithDescription("Which package and version the region codes and names were loaded from, its integrity hash, licence (ODbL) and row counts per level.");
        return api;
    }

    public static async Task<Results<Ok<RegionSourceResponse>, NotModified, NotFoundProblem>> GetRegionSource(RegionStore store, HttpContext http, CancellationToken ct)
    {
        if (await store.SourceAsync(ct) is not { } s)
        {
            return Problems.NoRegionData();
        }
        if (HttpCaching.IsNotModified(http, "s", RegionDataValidators.Basis(s), HttpCaching.LatestMaxAge))
        {
            return new NotModified();
        }
        return TypedResults.Ok(new RegionSourceResponse(s.Package, s.Version, s.Integrity, s.Licence, s.LoadedAt,
            s.Provinces, s.Regencies, s.Districts, s.Villages, "Kemendagri (Ministry of Home Affairs) codes, not BPS codes"));
    }
}
