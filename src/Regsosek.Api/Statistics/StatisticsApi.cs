using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Releases;
using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// A statistics table has one operation per representation (JSON, CSV, JSON-stat), each with exactly one 200 media type:
/// client generators handle alternative media types of one operation badly (they send Accept: application/json and read
/// the JSON type whatever was asked for). The plain path still negotiates format= and Accept for people and scripts.
/// </summary>
public static class StatisticsApi
{
    private const string Scope =
        "for a list of regions (`region=18,18.71`) or for every region of a level below a parent (`parent=18.71&level=village`). " +
        "Pages with `parent`/`level` are keyset-paginated (`total` counts the rows of every page); the next link pins the release. " +
        "Shares divide published counts by their published sum (`denominator`).";

    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        var statistics = api.MapGroup("/statistics").WithTags("Statistics").CacheOutput(OutputCaching.StatisticsPolicy);

        statistics.MapGet("/tiers", GetTiers)
            .WithName("GetTierStatisticsV1")
            .WithSummary("Families or persons per welfare tier, by region (JSON)")
            .WithDescription("Published counts and shares per welfare tier (extreme_poor, poor, vulnerable, upper_middle) " + Scope + " " +
                             Representations("tiers"));
        statistics.MapGet("/tiers.csv", GetTiersCsv)
            .WithName("GetTierStatisticsCsvV1")
            .WithSummary("Families or persons per welfare tier, by region (CSV)")
            .WithDescription("The rows of getTierStatistics as RFC 4180 CSV (UTF-8, header row, one row per region and measure), " + Scope);
        statistics.MapGet("/tiers.jsonstat", GetTiersJsonStat)
            .WithName("GetTierStatisticsJsonStatV1")
            .WithSummary("Families or persons per welfare tier, by region (JSON-stat)")
            .WithDescription("The rows of getTierStatistics as a JSON-stat 2.0 dataset (dimensions measure, region, tier; first tier category: total), " + Scope);

        statistics.MapGet("/deciles", GetDeciles)
            .WithName("GetDecileStatisticsV1")
            .WithSummary("Families or persons per national welfare decile, by region (JSON)")
            .WithDescription("As the tier statistics, split by national welfare decile 1 (poorest 10 %) to 10 (richest), " + Scope + " " +
                             Representations("deciles"));
        statistics.MapGet("/deciles.csv", GetDecilesCsv)
            .WithName("GetDecileStatisticsCsvV1")
            .WithSummary("Families or persons per national welfare decile, by region (CSV)")
            .WithDescription("The rows of getDecileStatistics as RFC 4180 CSV (UTF-8, header row, one row per region and measure), " + Scope);
        statistics.MapGet("/deciles.jsonstat", GetDecilesJsonStat)
            .WithName("GetDecileStatisticsJsonStatV1")
            .WithSummary("Families or persons per national welfare decile, by region (JSON-stat)")
            .WithDescription("The rows of getDecileStatistics as a JSON-stat 2.0 dataset (dimensions measure, region, decile; first decile category: total), " + Scope);

        statistics.MapCsvMetadata("/tiers.csv-metadata.json", GetTiersCsvMetadata, "GetTierStatisticsCsvMetadataV1",
            "How to read the tier CSV: its columns typed (CSVW)", "getTierStatisticsCsv", "tiers.csv");
        statistics.MapCsvMetadata("/deciles.csv-metadata.json", GetDecilesCsvMetadata, "GetDecileStatisticsCsvMetadataV1",
            "How to read the decile CSV: its columns typed (CSVW)", "getDecileStatisticsCsv", "deciles.csv");
        // The CSV that content negotiation gives at the plain paths is another resource (another URL): a CSVW processor
        // ignores a description that does not name the very URL it fetched, so that CSV has descriptions of its own.
        statistics.MapCsvMetadata("/tiers-metadata.json", GetTiersMetadata, "GetTierStatisticsMetadataV1",
            "How to read the tier CSV of format=csv or Accept: text/csv: its columns typed (CSVW)", "getTierStatistics as CSV", "tiers");
        statistics.MapCsvMetadata("/deciles-metadata.json", GetDecilesMetadata, "GetDecileStatisticsMetadataV1",
            "How to read the decile CSV of format=csv or Accept: text/csv: its columns typed (CSVW)", "getDecileStatistics as CSV", "deciles");

        return api;
    }

    public static Results<JsonHttpResult<CsvwTable>, NotModified> GetTiersCsvMetadata(HttpContext http) => Describe(http, Breakdowns.Tiers, "tiers.csv");

    public static Results<JsonHttpResult<CsvwTable>, NotModified> GetDecilesCsvMetadata(HttpContext http) => Describe(http, Breakdowns.Deciles, "deciles.csv");

    public static Results<JsonHttpResult<CsvwTable>, NotModified> GetTiersMetadata(HttpContext http) => Describe(http, Breakdowns.Tiers, "tiers");

    public static Results<JsonHttpResult<CsvwTable>, NotModified> GetDecilesMetadata(HttpContext http) => Describe(http, Breakdowns.Deciles, "deciles");

    /// <summary>The description of the CSV at <paramref name="csvPath"/> (relative to this document) with this document's query.</summary>
    private static Results<JsonHttpResult<CsvwTable>, NotModified> Describe(HttpContext http, Breakdown breakdown, string csvPath) =>
        CsvMetadata.Answer(http, breakdown.Csv, csvPath + http.Request.QueryString, breakdown.CsvTitle);

    private static string Representations(string table) =>
        $"This operation answers JSON. The same rows as CSV: `/statistics/{table}.csv`; as JSON-stat 2.0: `/statistics/{table}.jsonstat`. " +
        $"(At this path `format=csv|json-stat` or an Accept header of `text/csv` or `{FormatNegotiation.JsonStatMediaType}` also give them, " +
        "for people and scripts; generated clients call the operation of the format they want.)";

    public static Task<Results<StatisticsResult<TierPage>, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetTiers(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetNegotiatedAsync(Breakdowns.Tiers, query, releases, rows, http, ct);

    public static Task<Results<StatisticsCsvResult, NotModified, BadRequestProblem, NotFoundProblem>> GetTiersCsv(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetCsvAsync(Breakdowns.Tiers, query, releases, rows, http, ct);

    public static Task<Results<StatisticsJsonStatResult, NotModified, BadRequestProblem, NotFoundProblem>> GetTiersJsonStat(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetJsonStatAsync(Breakdowns.Tiers, query, releases, rows, http, ct);

    public static Task<Results<StatisticsResult<DecilePage>, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetDeciles(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetNegotiatedAsync(Breakdowns.Deciles, query, releases, rows, http, ct);

    public static Task<Results<StatisticsCsvResult, NotModified, BadRequestProblem, NotFoundProblem>> GetDecilesCsv(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetCsvAsync(Breakdowns.Deciles, query, releases, rows, http, ct);

    public static Task<Results<StatisticsJsonStatResult, NotModified, BadRequestProblem, NotFoundProblem>> GetDecilesJsonStat(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetJsonStatAsync(Breakdowns.Deciles, query, releases, rows, http, ct);

    private static async Task<Results<StatisticsResult<TPage>, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetNegotiatedAsync<TPage>(
        Breakdown<TPage> breakdown, StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct)
        where TPage : notnull
    {
        // format= is read here, not bound: it is negotiation at this path, not a parameter generated clients should see.
        var parsed = StatisticsRequest.Parse(query, http.Request.Query["format"], http.Request.Headers.Accept);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var table = await ReadTableAsync(parsed.Value, releases, rows, http, varyByAccept: true, ct);
        return table.Problem?.Result switch
        {
            NotModified notModified => notModified,
            NotFoundProblem notFound => notFound,
            _ => new StatisticsResult<TPage>(breakdown, table.Value, parsed.Value.Format),
        };
    }

    private static Task<Results<StatisticsCsvResult, NotModified, BadRequestProblem, NotFoundProblem>> GetCsvAsync(
        Breakdown breakdown, StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetOneFormatAsync(StatisticsFormat.Csv, table => new StatisticsCsvResult(breakdown, table), query, releases, rows, http, ct);

    private static Task<Results<StatisticsJsonStatResult, NotModified, BadRequestProblem, NotFoundProblem>> GetJsonStatAsync(
        Breakdown breakdown, StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows, HttpContext http, CancellationToken ct) =>
        GetOneFormatAsync(StatisticsFormat.JsonStat, table => new StatisticsJsonStatResult(breakdown, table), query, releases, rows, http, ct);

    /// <summary>A table at a path of one representation: no 406, Accept not read, and so no Vary: Accept either.</summary>
    private static async Task<Results<TResult, NotModified, BadRequestProblem, NotFoundProblem>> GetOneFormatAsync<TResult>(
        StatisticsFormat format, Func<StatisticsTable, TResult> render, StatisticsQuery query, ReleaseStore releases, PublishedRowCache rows,
        HttpContext http, CancellationToken ct)
        where TResult : IResult
    {
        var parsed = StatisticsRequest.Parse(query, format);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var table = await ReadTableAsync(parsed.Value, releases, rows, http, varyByAccept: false, ct);
        return table.Problem?.Result switch
        {
            NotModified notModified => notModified,
            NotFoundProblem notFound => notFound,
            _ => render(table.Value),
        };
    }

    /// <summary>
    /// The table a parsed request names, whatever its representation: the release (or its 404), the parent's existence,
    /// the validators (or 304 when If-None-Match names them), then the rows of the scope (or the 404 naming the missing).
    /// </summary>
    private static async Task<Outcome<StatisticsTable, Results<NotModified, NotFoundProblem>>> ReadTableAsync(
        StatisticsRequest request, ReleaseStore releases, PublishedRowCache rows, HttpContext http, bool varyByAccept, CancellationToken ct)
    {
        var resolved = await releases.ResolveAsync(request.Release, ct);
        if (resolved.Problem is { } unknownRelease)
        {
            return Instead(unknownRelease);
        }
        return await ReadTableAsync(request, resolved.Value, rows, http, varyByAccept, ct);
    }

    /// <summary>
    /// The table of a release already resolved (custom tables check their limits against it first): the parent's
    /// existence, the validators (or 304), then the rows of the scope (or the 404 naming the missing).
    /// </summary>
    internal static async Task<Outcome<StatisticsTable, Results<NotModified, NotFoundProblem>>> ReadTableAsync(
        StatisticsRequest request, ReleaseInfo release, PublishedRowCache rows, HttpContext http, bool varyByAccept, CancellationToken ct)
    {
        // A page is read with its parent check and total in one statement, before the validators: the parent's 404
        // comes before a 304, as it always has, and a page costs one round trip either way.
        LevelPage? levelPage = null;
        if (request.Scope is StatisticsScope.LevelPage level)
        {
            levelPage = await rows.LevelPageAsync(release.Id, (int)level.Level, level.Parent?.Value, level.Page.After, level.Page.RowsToRead, ct);
            if (!levelPage.ParentFound)
            {
                return Instead(Problems.RegionsNotInRelease([level.Parent!.Value.Value]));
            }
        }
        if (HttpCaching.IsNotModified(http, release, request.Release.IsPinned, request.Format.ToString(), varyByAccept))
        {
            return Instead(new NotModified());
        }
        var page = await ReadAsync(rows, release, request.Scope, levelPage, http, ct);
        if (page.Problem is { } unknownRegions)
        {
            HttpCaching.Forget(http);
            return Instead(unknownRegions);
        }
        return new StatisticsTable(release, request.Measure, page.Value);
    }

    private static Results<NotModified, NotFoundProblem> Instead(NotModified notModified) => notModified;

    private static Results<NotModified, NotFoundProblem> Instead(NotFoundProblem notFound) => notFound;

    /// <summary>The rows of a scope: every listed region (or the 404 naming those the release lacks), or one page of a level.</summary>
    private static async Task<Outcome<Page<RegionStatistics>, NotFoundProblem>> ReadAsync(
        PublishedRowCache rows, ReleaseInfo release, StatisticsScope scope, LevelPage? levelPage, HttpContext http, CancellationToken ct)
    {
        switch (scope)
        {
            case StatisticsScope.Listed { Codes: var codes }:
                var listed = await rows.ByCodesAsync(release.Id, codes, ct);
                return listed.Count == codes.Count
                    ? new Page<RegionStatistics>(listed, null, null, listed.Count)
                    : Problems.RegionsNotInRelease(codes.Except(listed.Select(r => r.RegionCode)).ToList());
            case StatisticsScope.LevelPage level when levelPage is not null:
                // The next page reads the release this page was read from, even if latest moves in between.
                return levelPage.Rows.ToPage(level.Page, r => r.RegionCode, levelPage.Total, http, ("release", release.Name));
            default:
                throw new UnreachableException($"Unknown statistics scope {scope.GetType().Name}.");
        }
    }
}
