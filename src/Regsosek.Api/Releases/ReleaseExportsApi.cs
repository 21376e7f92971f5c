using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.OpenApi;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

public static class ReleaseExportsApi
{
    /// <summary>Files of a whole release, below the release they belong to.</summary>
    public static RouteGroupBuilder MapReleaseExports(this RouteGroupBuilder releases)
    {
        var exports = releases.MapGroup("/{id}/exports").WithTags("Exports");

        exports.MapGet("/tiers.csv", ExportTiers)
            .WithName("ExportTierStatisticsV1")
            .WithSummary("Every region's tier counts as one CSV file")
            .WithDescription("All regions of the release (Indonesia, then provinces, regencies, districts and villages in code order), " +
                             "one row per region and measure, streamed. Send Accept-Encoding: gzip for a compressed download. " +
                             "The same columns as /statistics/tiers?format=csv.");

        exports.MapGet("/deciles.csv", ExportDeciles)
            .WithName("ExportDecileStatisticsV1")
            .WithSummary("Every region's decile counts as one CSV file")
            .WithDescription("As the tier export, split by national welfare decile.");
        return releases;
    }

    public static Task<Results<CsvExport, NotModified, BadRequestProblem, NotFoundProblem>> ExportTiers(
        [FromRoute(Name = "id"), Description("Release id, or latest."), Example("latest")] string id,
        ReleaseStore releases, StatisticsStore statistics, HttpContext http, CancellationToken ct) =>
        ExportAsync(Breakdown.Tiers, id, releases, statistics, http, ct);

    public static Task<Results<CsvExport, NotModified, BadRequestProblem, NotFoundProblem>> ExportDeciles(
        [FromRoute(Name = "id"), Description("Release id, or latest."), Example("latest")] string id,
        ReleaseStore releases, StatisticsStore statistics, HttpContext http, CancellationToken ct) =>
        ExportAsync(Breakdown.Deciles, id, releases, statistics, http, ct);

    private static async Task<Results<CsvExport, NotModified, BadRequestProblem, NotFoundProblem>> ExportAsync(
        Breakdown breakdown, string id, ReleaseStore releases, StatisticsStore statistics, HttpContext http, CancellationToken ct)
    {
        var (release, problem) = await ReleaseResolver.ResolveAsync(releases, id, "id", ct);
        if (release is null)
        {
            return problem is NotFoundProblem notFound ? notFound : (BadRequestProblem)problem!;
        }
        var gzip = http.Request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));
        http.Response.Headers.Append("Vary", "Accept-Encoding");
        if (HttpCaching.IsNotModified(http, release, id != ReleaseStore.Latest, gzip ? "csv+gzip" : "csv"))
        {
            return new NotModified();
        }
        return new CsvExport(statistics, release, breakdown, gzip);
    }
}
