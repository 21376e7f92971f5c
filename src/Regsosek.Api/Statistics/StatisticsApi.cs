using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

public static class StatisticsApi
{
    public const int MaxRegions = 200;

    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        var statistics = api.MapGroup("/statistics").WithTags("Statistics");

        statistics.MapGet("/tiers", GetTiers)
            .WithName("GetTierStatisticsV1")
            .WithSummary("Families or persons per welfare tier, by region")
            .WithDescription("Published counts and shares per welfare tier (extreme_poor, poor, vulnerable, upper_middle) for a list of " +
                             "regions (`region=18,18.71`) or for every region of a level below a parent (`parent=18.71&level=village`). " +
                             "JSON, CSV or JSON-stat by `format=` or Accept. Pages with `parent`/`level` are keyset-paginated; the " +
                             "next link pins the release. Shares divide published counts by their published sum (`denominator`).")
            .CacheOutput(OutputCaching.StatisticsPolicy);

        statistics.MapGet("/deciles", GetDeciles)
            .WithName("GetDecileStatisticsV1")
            .WithSummary("Families or persons per national welfare decile, by region")
            .WithDescription("As the tier statistics, split by national welfare decile 1 (poorest 10 %) to 10 (richest).")
            .CacheOutput(OutputCaching.StatisticsPolicy);

        return api;
    }

    public static Task<Results<StatisticsResult<TierPage>, NotModified, BadRequestProblem, NotFoundProblem, NotAcceptableProblem>> GetTiers(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache statistics, HttpContext http, CancellationToken ct) =>
        GetTableAsync<TierPage>(Breakdown.Tiers, query, releases, statistics, http, ct);

    public static Task<Results<StatisticsResult<DecilePage>, NotModified, BadRequestProblem, NotFoundProblem, NotAcceptableProblem>> GetDeciles(
        [AsParameters] StatisticsQuery query, ReleaseStore releases, PublishedRowCache statistics, HttpContext http, CancellationToken ct) =>
        GetTableAsync<DecilePage>(Breakdown.Deciles, query, releases, statistics, http, ct);

    private static async Task<Results<StatisticsResult<TJson>, NotModified, BadRequestProblem, NotFoundProblem, NotAcceptableProblem>> GetTableAsync<TJson>(
        Breakdown breakdown, StatisticsQuery query, ReleaseStore releases, PublishedRowCache statistics, HttpContext http, CancellationToken ct)
    {
        if (Validate.First(
                ParseMeasure(query.Measure, out var measure),
                Validate.Limit(query.Limit, out var limit, PageSize.StatisticsRows),
                Validate.Cursor(query.Cursor, out var after),
                ParseScope(query, out var scope)) is { } invalid)
        {
            return invalid;
        }
        if (FormatNegotiation.Negotiate(http.Request, query.Format, out var format) is { } notAcceptable)
        {
            return notAcceptable;
        }
        var (release, problem) = await ReleaseResolver.ResolveAsync(releases, query.Release, "release", ct);
        if (release is null)
        {
            return problem is NotFoundProblem notFound ? notFound : (BadRequestProblem)problem!;
        }
        if (scope.Parent is { } parent && (await statistics.ByCodesAsync(release.Id, [parent], ct)).Count == 0)
        {
            return Problems.RegionsNotInRelease([parent]);
        }
        if (HttpCaching.IsNotModified(http, release, query.Release is not null and not ReleaseStore.Latest, format.ToString()))
        {
            return new NotModified();
        }

        if (scope.Codes is { } codes)
        {
            var listed = await statistics.ByCodesAsync(release.Id, codes, ct);
            if (listed.Count < codes.Count)
            {
                HttpCaching.Forget(http);
                return Problems.RegionsNotInRelease(codes.Except(listed.Select(r => r.RegionCode)).ToList());
            }
            return new StatisticsResult<TJson>(new StatisticsTable(release, measure, breakdown, listed, null, null), format);
        }

        var rows = await statistics.AtLevelAsync(release.Id, (int)scope.Level, scope.Parent, after, Paging.RowsToRead(limit), ct);
        // The next page reads the release this page was read from, even if latest moves in between.
        var page = rows.ToPage(limit, r => r.RegionCode, http, ("release", release.Name));
        return new StatisticsResult<TJson>(new StatisticsTable(release, measure, breakdown, page.Items, page.NextCursor, page.Next), format);
    }

    /// <summary>Either an explicit list of codes, or every region of a level below a parent (null parent: all of Indonesia).</summary>
    private sealed record Scope(IReadOnlyList<string>? Codes, string? Parent, GeoLevel Level);

    private static BadRequestProblem? ParseScope(StatisticsQuery query, out Scope scope)
    {
        scope = new Scope(null, null, GeoLevel.Province);
        if (query.Region is not null)
        {
            if (query.Parent is not null || query.Level is not null || query.Cursor is not null)
            {
                return Invalid("region", "region lists regions itself; it cannot be combined with parent, level or cursor.",
                    "Use either region=18,18.71 or parent=18&level=regency.");
            }
            var codes = new List<string>();
            foreach (var raw in query.Region.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (ParseRegionCode(raw, "region", out var code) is { } bad)
                {
                    return bad;
                }
                if (!codes.Contains(code))
                {
                    codes.Add(code);
                }
                if (codes.Count > MaxRegions)
                {
                    return Invalid("region", $"region lists more than {MaxRegions} codes.",
                        "For many regions use parent and level (paginated), or the release's CSV export for everything.");
                }
            }
            if (codes.Count == 0)
            {
                return Invalid("region", "region is empty.", "Give one or more codes separated by commas, e.g. region=18,18.71.");
            }
            scope = new Scope(codes, null, GeoLevel.Province);
            return null;
        }

        string? parent = null;
        var parentLevel = GeoLevel.National;
        if (query.Parent is not null)
        {
            if (ParseRegionCode(query.Parent, "parent", out var parentCode) is { } bad)
            {
                return bad;
            }
            if (parentCode != StatisticsStore.National)
            {
                parent = parentCode;
                parentLevel = GeoLevels.Of(RegionCode.Parse(parentCode));
            }
        }
        if (Validate.Level(query.Level, out var level) is { } badLevel)
        {
            return badLevel;
        }
        if (level is null && parentLevel == GeoLevel.Village)
        {
            return Invalid("parent", "a village has no regions below it.", "Ask for the village itself with region=.");
        }
        var chosen = level ?? parentLevel.Below()!.Value;
        if (chosen <= parentLevel)
        {
            return Invalid("level", $"level {chosen.ApiName()} is not below parent {parent}.",
                "level must be deeper than the parent: below a province ask for regency, district or village.");
        }
        scope = new Scope(null, parent, chosen);
        return null;
    }

    private static BadRequestProblem? ParseMeasure(string? raw, out Measure measure)
    {
        measure = Measure.Families;
        switch (raw?.ToLowerInvariant())
        {
            case null or "families":
                return null;
            case "persons":
                measure = Measure.Persons;
                return null;
            default:
                return Problems.InvalidParameter("measure", $"measure '{Problems.Echo(raw)}' is not a measure; expected families or persons.",
                    "Families and persons are separate measures; ask for each in its own request.", ("allowed", new[] { "families", "persons" }));
        }
    }

    /// <summary>A Kemendagri code, or ID for Indonesia.</summary>
    internal static BadRequestProblem? ParseRegionCode(string? raw, string parameter, out string code)
    {
        if (string.Equals(raw, StatisticsStore.National, StringComparison.OrdinalIgnoreCase))
        {
            code = StatisticsStore.National;
            return null;
        }
        var problem = Validate.RegionCode(raw, parameter, out var parsed);
        code = problem is null ? parsed.Value : "";
        return problem;
    }

    private static BadRequestProblem Invalid(string parameter, string detail, string hint) => Problems.InvalidParameter(parameter, detail, hint);
}
