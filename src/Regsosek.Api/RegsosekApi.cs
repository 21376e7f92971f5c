using Regsosek.Api.Infrastructure;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Api.Sources;
using Regsosek.Api.Statistics;

namespace Regsosek.Api;

public static class RegsosekApi
{
    /// <summary>
    /// The one versioned root every resource maps into: one version set, one /api/v{version} prefix, the versions it
    /// serves and the answers any operation can give besides its own (414, 429, 503) are said here once. A version 2
    /// adds its HasApiVersion here; each resource then says which of its operations differ.
    /// </summary>
    public static IEndpointRouteBuilder MapRegsosekApi(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Regsosek")
            .MapGroup("/api/v{version:apiVersion}")
            .HasApiVersion(VersioningExtensions.V1)
            .ProducesEdgeProblems();
        api.MapRegionsApi();
        api.MapReleasesApi();
        api.MapStatisticsApi();
        api.MapSourcesApi();
        return app;
    }
}
