using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Statistics;
using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;
using ReleaseProblem = Microsoft.AspNetCore.Http.HttpResults.Results<Regsosek.Api.Infrastructure.Errors.BadRequestProblem, Regsosek.Api.Infrastructure.Errors.NotFoundProblem>;
using CsvwAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Regsosek.Data.Exports.CsvwTable>, Regsosek.Api.Infrastructure.NotModified>;

namespace Regsosek.Api.Releases;

public static class ReleaseExportsApi
{
    /// <summary>Files of a whole release, below the release they belong to: made once when it was published, served from disk.</summary>
    public static RouteGroupBuilder MapReleaseExports(this RouteGroupBuilder releases)
    {
        // Stored compressed where that helps (.gz): never compressed again on the way out. A download holds no database
        // connection, so it does not count against the global (pool-sized) bound of requests in progress.
        var exports = releases.MapGroup("/{id}/exports").WithTags("Exports").WithoutResponseCompression()
            .WithMetadata(HoldsNoDatabaseConnection.Instance);

        exports.MapGet("/tiers.csv", ExportTiers)
            .WithName("ExportTierStatisticsV1")
            .ProducesReleaseFile(FormatNegotiation.CsvMediaType)
            .WithSummary("Every region's tier counts as one CSV file")
            .WithDescription("All regions of the release (Indonesia, then provinces, regencies, districts and villages in code order), " +
                             "one row per region and measure, made once when the release was published. Send Accept-Encoding: gzip for " +
                             "the compressed file (Content-Encoding: gzip), Range (and If-Range) to resume a broken download: a range is " +
                             "always of the plain CSV, counted in its bytes, and If-Range may name the ETag of either variant. " +
                             "The same columns as /statistics/tiers.csv.");

        exports.MapGet("/deciles.csv", ExportDeciles)
            .WithName("ExportDecileStatisticsV1")
            .ProducesReleaseFile(FormatNegotiation.CsvMediaType)
            .WithSummary("Every region's decile counts as one CSV file")
            .WithDescription("As the tier export, split by national welfare decile.");

        exports.MapGet("/tiers.xlsx", ExportTiersXlsx)
            .WithName("ExportTierStatisticsXlsxV1")
            .ProducesReleaseFile(ReleaseFileNames.XlsxMediaType)
            .WithSummary("Every region's tier counts as one Excel workbook (xlsx)")
            .WithDescription("The rows and columns of the tier CSV export as an xlsx workbook made once when the release was published: " +
                             "sheet 1 (tiers) holds the table with codes, names, level and measure as text cells (Excel keeps 18.10, which " +
                             "it turns into 18.1 when it opens the CSV), counts and shares as numbers; sheet 2 (release) names the release " +
                             "and states its disclosure control. Range (and If-Range) resume a broken download; never gzip-encoded " +
                             "(an xlsx is already compressed).");
        exports.MapGet("/deciles.xlsx", ExportDecilesXlsx)
            .WithName("ExportDecileStatisticsXlsxV1")
            .ProducesReleaseFile(ReleaseFileNames.XlsxMediaType)
            .WithSummary("Every region's decile counts as one Excel workbook (xlsx)")
            .WithDescription("As the tier workbook, split by national welfare decile: the rows and columns of the decile CSV export.");

        exports.MapCsvMetadata("/tiers.csv-metadata.json", ExportTiersMetadata, "ExportTierStatisticsMetadataV1",
            "How to read the tier export: its columns typed (CSVW)", "exportTierStatistics", "tiers.csv");
        exports.MapCsvMetadata("/deciles.csv-metadata.json", ExportDecilesMetadata, "ExportDecileStatisticsMetadataV1",
            "How to read the decile export: its columns typed (CSVW)", "exportDecileStatistics", "deciles.csv");

        return releases;
    }

    public static Task<Results<CsvwAnswer, ReleaseProblem>> ExportTiersMetadata(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, HttpContext http, CancellationToken ct) =>
        DescribeAsync(CsvTable.Tiers, "Families and persons per welfare tier, every region", query, releases, http, ct);

    public static Task<Results<CsvwAnswer, ReleaseProblem>> ExportDecilesMetadata(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, HttpContext http, CancellationToken ct) =>
        DescribeAsync(CsvTable.Deciles, "Families and persons per national welfare decile, every region", query, releases, http, ct);

    private static async Task<Results<CsvwAnswer, ReleaseProblem>> DescribeAsync(
        CsvTable table, string title, ReleaseExportQuery query, ReleaseStore releases, HttpContext http, CancellationToken ct)
    {
        var found = await FindAsync(query, releases, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        var release = found.Value.Release;
        return CsvMetadata.Answer(http, table, ReleaseFileNames.Csv(table) + http.Request.QueryString, $"{title}, release {release.Name}", release.Name);
    }

    /// <summary>The release a /releases/{id}/exports/... request names: its id parsed (400 if malformed), then found (404).</summary>
    private static async Task<Outcome<(ReleaseRequest Request, ReleaseInfo Release), ReleaseProblem>> FindAsync(
        ReleaseExportQuery query, ReleaseStore releases, CancellationToken ct)
    {
        var parsed = ReleaseRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return (ReleaseProblem)invalid;
        }
        var resolved = await releases.ResolveAsync(parsed.Value.Release, ct);
        if (resolved.Problem is { } notFound)
        {
            return (ReleaseProblem)notFound;
        }
        return (parsed.Value, resolved.Value);
    }

    public static Task<Results<ReleaseFileResult, ReleaseProblem>> ExportTiers(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http, CancellationToken ct) =>
        ServeCsvAsync(CsvTable.Tiers, query, releases, files, cache, http, ct);

    public static Task<Results<ReleaseFileResult, ReleaseProblem>> ExportDeciles(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http, CancellationToken ct) =>
        ServeCsvAsync(CsvTable.Deciles, query, releases, files, cache, http, ct);

    public static Task<Results<ReleaseFileResult, ReleaseProblem>> ExportTiersXlsx(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http, CancellationToken ct) =>
        ServeXlsxAsync(CsvTable.Tiers, query, releases, files, cache, http, ct);

    public static Task<Results<ReleaseFileResult, ReleaseProblem>> ExportDecilesXlsx(
        [AsParameters] ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http, CancellationToken ct) =>
        ServeXlsxAsync(CsvTable.Deciles, query, releases, files, cache, http, ct);

    /// <summary>The stored workbook as it is: a zip, so there is no gzip variant to choose.</summary>
    private static Task<Results<ReleaseFileResult, ReleaseProblem>> ServeXlsxAsync(CsvTable table,
        ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http, CancellationToken ct) =>
        ServeAsync(new Served(ReleaseFileNames.Xlsx(table), ReleaseFileNames.XlsxMediaType, Gzip: false), query, releases, files, cache, http,
            gzipVariant: null, ct);

    /// <summary>
    /// The CSV, or its gzipped file sent with Content-Encoding: gzip when the client accepts gzip. A Range request is
    /// always answered from the plain CSV: clients that resume (curl -C, browsers, HttpClient with decompression) hold
    /// the decoded bytes and count their offset in them, and a slice of a gzip stream cannot be decoded on its own.
    /// </summary>
    private static Task<Results<ReleaseFileResult, ReleaseProblem>> ServeCsvAsync(CsvTable table,
        ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        CsvMetadata.LinkFromItsPath(http);
        var ranged = http.Request.Headers.Range.Count > 0;
        var served = AcceptsGzip(http.Request) && !ranged
            ? new Served(ReleaseFileNames.CsvGzip(table), CsvTable.ContentType, Gzip: true)
            : new Served(ReleaseFileNames.Csv(table), CsvTable.ContentType, Gzip: false);
        var gzipVariant = ranged ? ReleaseFileNames.CsvGzip(table) : null;
        return ServeAsync(served, query, releases, files, cache, http, gzipVariant, ct);
    }

    /// <summary>Which stored file answers, the media type it is sent as and whether it is sent as a gzip-encoded CSV.</summary>
    private sealed record Served(string FileName, string MediaType, bool Gzip)
    {
        /// <summary>A gzip-encoded CSV is saved as the CSV it decodes to.</summary>
        public string DownloadedAs => Gzip ? FileName[..^ReleaseFileNames.GzipSuffix.Length] : FileName;
    }

    private static async Task<Results<ReleaseFileResult, ReleaseProblem>> ServeAsync(Served served,
        ReleaseExportQuery query, ReleaseStore releases, ReleaseFileStore files, ReleaseFileCache cache, HttpContext http,
        string? gzipVariant, CancellationToken ct)
    {
        var found = await FindAsync(query, releases, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        var (request, release) = found.Value;
        var file = await files.FindAsync(release.Id, served.FileName, ct);
        if (file is null)
        {
            return (ReleaseProblem)Problems.ReleaseFileMissing(release.Name, served.FileName);
        }
        if (gzipVariant is not null && http.Request.Headers.IfRange.Count > 0)
        {
            AcceptGzipValidator(http.Request, file, await files.FindAsync(release.Id, gzipVariant, ct));
        }
        var path = await cache.PathAsync(file, ct);
        return new ReleaseFileResult(path, file, served.MediaType, ReleaseFileNames.Download(release.Name, served.DownloadedAs), served.Gzip,
            request.Release.IsPinned);
    }

    /// <summary>
    /// A client that downloaded the gzip variant and resumes names that variant's ETag in If-Range. Both files are made
    /// once from the same rows and never change, so that validator proves its copy is of this content: it stands for
    /// the plain file's, and the range is sent rather than the whole file again.
    /// </summary>
    private static void AcceptGzipValidator(HttpRequest request, ReleaseFileInfo plain, ReleaseFileInfo? gzip)
    {
        if (gzip is not null && request.Headers.IfRange.ToString() == ReleaseFileResult.ETagOf(gzip).ToString())
        {
            request.Headers.IfRange = ReleaseFileResult.ETagOf(plain).ToString();
        }
    }

    /// <summary>gzip (or *) listed with a quality above 0 (RFC 9110 12.5.3).</summary>
    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings) &&
        codings.Any(c => (c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || c.Value == "*") && (c.Quality ?? 1) > 0);
}
