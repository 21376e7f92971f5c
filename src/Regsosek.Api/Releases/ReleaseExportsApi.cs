using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

public static class ReleaseExportsApi
{
    /// <summary>Files of a whole release, below the release they belong to.</summary>
    public static RouteGroupBuilder MapReleaseExports(this RouteGroupBuilder releases)
    {
        // Gzipped by the export itself when asked (and soon stored files): never compressed again on the way out.
        var exports = releases.MapGroup("/{id}/exports").WithTags("Exports").WithoutResponseCompression();

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
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, StatisticsStore statistics, HttpContext http, CancellationToken ct) =>
        ExportAsync(Breakdowns.Tiers, query, releases, statistics, http, ct);

    public static Task<Results<CsvExport, NotModified, BadRequestProblem, NotFoundProblem>> ExportDeciles(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, StatisticsStore statistics, HttpContext http, CancellationToken ct) =>
        ExportAsync(Breakdowns.Deciles, query, releases, statistics, http, ct);

    private static async Task<Results<CsvExport, NotModified, BadRequestProblem, NotFoundProblem>> ExportAsync(
        Breakdown breakdown, ReleaseExportQuery query, ReleaseStore releases, StatisticsStore statistics, HttpContext http, CancellationToken ct)
    {
        var parsed = ReleaseRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var resolved = await releases.ResolveAsync(parsed.Value.Release, ct);
        if (resolved.Problem is { } notFound)
        {
            return notFound;
        }
        var gzip = http.Request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));
        http.Response.Headers.Append("Vary", "Accept-Encoding");
        if (HttpCaching.IsNotModified(http, resolved.Value, parsed.Value.Release.IsPinned, gzip ? "csv+gzip" : "csv"))
        {
            return new NotModified();
        }
        return new CsvExport(statistics, resolved.Value, breakdown, gzip);
    }
}
