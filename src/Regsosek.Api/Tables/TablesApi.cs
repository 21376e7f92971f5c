using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;
using Regsosek.Data.Tables;

namespace Regsosek.Api.Tables;

/// <summary>
/// Custom tables: tier and decile counts broken down by family characteristics (by=), each cell published by the
/// release with the cell key method, so a cell shows one value in every table that has it and in /tiers and /deciles.
/// Like the tiers, one operation per representation, for generated clients; the plain path negotiates for people.
/// </summary>
public static class TablesApi
{
    private const string Scope =
        "The scope parameters are those of getTierStatistics: `region=18,18.71`, or `parent=18.71&level=district` (keyset-paginated, " +
        "`total` counts the rows of every page). `by=` names the variables (tier, decile, head_sex, head_age_group, disability, family_size); " +
        "their number is limited per level by the release (tables.maxVariables), more is a 400 /problems/table-too-detailed with " +
        "maxVariables; a release without custom tables answers 404 /problems/tables-not-published.";

    public static RouteGroupBuilder MapTablesApi(this RouteGroupBuilder api)
    {
        var tables = api.MapGroup("/statistics").WithTags("Statistics").CacheOutput(OutputCaching.StatisticsPolicy);

        tables.MapGet("/tables", GetTable)
            .WithName("GetCustomTableV1")
            .WithSummary("Families or persons by chosen variables, by region (JSON)")
            .WithDescription("A custom table: for each region its published total and a count for every combination of the categories of the " +
                             "variables in by=, with 0 where the release published none. " + Scope + " This operation answers JSON. The same " +
                             "rows in long form as CSV: `/statistics/tables.csv`; as JSON-stat 2.0: `/statistics/tables.jsonstat`. (At this path " +
                             $"`format=csv|json-stat` or an Accept header of `text/csv` or `{FormatNegotiation.JsonStatMediaType}` also give them.)");
        tables.MapGet("/tables.csv", GetTableCsv)
            .WithName("GetCustomTableCsvV1")
            .WithSummary("Families or persons by chosen variables, by region (CSV, long form)")
            .WithDescription("getCustomTable as RFC 4180 CSV in long form: one row per region, measure and combination (columns release, " +
                             "region_code, region_name, level, measure, one per variable holding its category code, count), each region's total " +
                             "first with `total` in every variable's column. " + Scope);
        tables.MapGet("/tables.jsonstat", GetTableJsonStat)
            .WithName("GetCustomTableJsonStatV1")
            .WithSummary("Families or persons by chosen variables, by region (JSON-stat)")
            .WithDescription("getCustomTable as a JSON-stat 2.0 dataset: dimensions measure, region and one per variable, whose first category " +
                             "`total` holds the table's margins (each a published table of fewer variables). " + Scope);
        return api;
    }

    public static async Task<Results<TableResult, NotModified, Results<BadRequestProblem, NotAcceptableProblem>, NotFoundProblem>> GetTable(
        [AsParameters] TableQuery query, ReleaseStore releases, PublishedRowCache rows, PublishedCellCache cells, HttpContext http, CancellationToken ct)
    {
        // format= is read here, not bound: it is negotiation at this path, not a parameter generated clients should see.
        var parsed = TableRequest.Parse(query, http.Request.Query["format"], http.Request.Headers.Accept);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var table = await ReadAsync(parsed.Value, releases, rows, cells, http, varyByAccept: true, ct);
        return table.Problem?.Result switch
        {
            NotModified notModified => notModified,
            NotFoundProblem notFound => notFound,
            BadRequestProblem tooDetailed => (Results<BadRequestProblem, NotAcceptableProblem>)tooDetailed,
            _ => new TableResult(table.Value, parsed.Value.Statistics.Format),
        };
    }

    public static Task<Results<TableCsvResult, NotModified, BadRequestProblem, NotFoundProblem>> GetTableCsv(
        [AsParameters] TableQuery query, ReleaseStore releases, PublishedRowCache rows, PublishedCellCache cells, HttpContext http, CancellationToken ct) =>
        GetOneFormatAsync(StatisticsFormat.Csv, table => new TableCsvResult(table), query, releases, rows, cells, http, ct);

    public static Task<Results<TableJsonStatResult, NotModified, BadRequestProblem, NotFoundProblem>> GetTableJsonStat(
        [AsParameters] TableQuery query, ReleaseStore releases, PublishedRowCache rows, PublishedCellCache cells, HttpContext http, CancellationToken ct) =>
        GetOneFormatAsync(StatisticsFormat.JsonStat, table => new TableJsonStatResult(table), query, releases, rows, cells, http, ct);

    /// <summary>A table at a path of one representation: no 406, Accept not read, and so no Vary: Accept either.</summary>
    private static async Task<Results<TResult, NotModified, BadRequestProblem, NotFoundProblem>> GetOneFormatAsync<TResult>(
        StatisticsFormat format, Func<CustomTable, TResult> render, TableQuery query, ReleaseStore releases, PublishedRowCache rows,
        PublishedCellCache cells, HttpContext http, CancellationToken ct)
        where TResult : IResult
    {
        var parsed = TableRequest.Parse(query, format);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var table = await ReadAsync(parsed.Value, releases, rows, cells, http, varyByAccept: false, ct);
        return table.Problem?.Result switch
        {
            NotModified notModified => notModified,
            NotFoundProblem notFound => notFound,
            BadRequestProblem tooDetailed => tooDetailed,
            _ => render(table.Value),
        };
    }

    /// <summary>
    /// The release (or its 404), whether it publishes tables (404) and allows this many variables at the level asked
    /// (400), all before the validators, so a 304 is never given for a table that would be refused; then the regions
    /// as the statistics read them, and the cells of their table in one statement.
    /// </summary>
    private static async Task<Outcome<CustomTable, Results<NotModified, NotFoundProblem, BadRequestProblem>>> ReadAsync(
        TableRequest request, ReleaseStore releases, PublishedRowCache rows, PublishedCellCache cells, HttpContext http, bool varyByAccept, CancellationToken ct)
    {
        var resolved = await releases.ResolveAsync(request.Statistics.Release, ct);
        if (resolved.Problem is { } unknownRelease)
        {
            return Instead(unknownRelease);
        }
        var release = resolved.Value;
        if (TableLimits.Parse(release.TableLimits) is not { } limits)
        {
            return Instead(Problems.TablesNotPublished(release.Name));
        }
        var depth = DeepestLevel(request.Statistics.Scope);
        var allowed = limits.AtDepth(depth);
        if (request.By.Count > allowed)
        {
            return Instead(Problems.TableTooDetailed(request.By.Count, allowed, GeoLevels.FromDepth((short)depth).ApiName()));
        }
        var table = await StatisticsApi.ReadTableAsync(request.Statistics, release, rows, http, varyByAccept, ct);
        if (table.Problem?.Result is { } instead)
        {
            return instead switch
            {
                NotModified notModified => Instead(notModified),
                _ => Instead((NotFoundProblem)instead),
            };
        }
        var page = table.Value;
        var published = await cells.CellsAsync(release.Id, request.Mask, page.Page.Items.Select(r => r.RegionCode).ToList(), ct);
        return new CustomTable(page, request.By, published);
    }

    /// <summary>The level whose limit applies: the level paged, or the deepest of the regions listed (the strictest limit).</summary>
    private static int DeepestLevel(StatisticsScope scope) => scope switch
    {
        StatisticsScope.LevelPage level => (int)level.Level,
        StatisticsScope.Listed listed => listed.Codes.Max(c => c == StatisticsStore.National ? 0 : c.Count(ch => ch == '.') + 1),
        _ => throw new System.Diagnostics.UnreachableException($"Unknown statistics scope {scope.GetType().Name}."),
    };

    private static Results<NotModified, NotFoundProblem, BadRequestProblem> Instead(NotModified notModified) => notModified;

    private static Results<NotModified, NotFoundProblem, BadRequestProblem> Instead(NotFoundProblem notFound) => notFound;

    private static Results<NotModified, NotFoundProblem, BadRequestProblem> Instead(BadRequestProblem tooDetailed) => tooDetailed;
}
