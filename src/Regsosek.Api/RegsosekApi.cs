using Regsosek.Api.Infrastructure;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Api.Sources;
using Regsosek.Api.Statistics;
using Regsosek.Api.Tables;

namespace Regsosek.Api;

public static class RegsosekApi
{
    /// <summary>
    /// The one versioned root every resource maps into: the version set, the /api/v{version} prefix, the versions it
    /// serves and the answers any operation can give besides its own are said here once. A version 2 adds its
    /// HasApiVersion here; each resource then says which of its operations differ.
    /// </summary>
    public static IEndpointRouteBuilder MapRegsosekApi(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Regsosek")
            .MapGroup("/api/v{version:apiVersion}")
            .HasApiVersion(VersioningExtensions.V1)
            // Answered before or besides any handler, so clients find them in the OpenAPI document too: 414 for a URL
            // over the limit, 429 from the rate limiter, 503 while the database cannot be reached.
            .ProducesProblem(StatusCodes.Status414UriTooLong)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapRegionsApi();
        api.MapReleasesApi();
        api.MapStatisticsApi();
        api.MapTablesApi();
        api.MapSourcesApi();
        return app;
    }
}
