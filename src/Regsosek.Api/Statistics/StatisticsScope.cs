using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Regions;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// Which regions a statistics table covers: those region= lists, or every region of a level below a parent (all of
/// Indonesia without one), a page at a time. Every statistics table operation reads its scope the same way.
/// </summary>
public abstract record StatisticsScope
{
    public const int MaxListedRegions = 200;

    private StatisticsScope()
    {
    }

    /// <summary>region=: these regions, in this order (ID is Indonesia), all on one page.</summary>
    public sealed record Listed(IReadOnlyList<string> Codes) : StatisticsScope;

    /// <summary>parent= and level=: every region of <paramref name="Level"/> below <paramref name="Parent"/> (null: Indonesia), paged.</summary>
    public sealed record LevelPage(RegionCode? Parent, GeoLevel Level, PageRequest Page) : StatisticsScope;

    /// <summary>limit and cursor first (as before region, parent and level), then the scope, then whether the cursor belongs to it.</summary>
    public static Outcome<StatisticsScope, BadRequestProblem> Parse(StatisticsQuery query)
    {
        var page = PageRequest.Parse(query.Limit, query.Cursor, PageSize.StatisticsRows);
        if (page.Problem is { } badPage)
        {
            return badPage;
        }
        if (query.Region is not null)
        {
            return query.Parent is not null || query.Level is not null || query.Cursor is not null
                ? Problems.InvalidParameter("region", "region lists regions itself; it cannot be combined with parent, level or cursor.",
                    "Use either region=18,18.71 or parent=18&level=regency.")
                : ParseListed(query.Region);
        }
        return ParseLevelPage(query.Parent, query.Level, page.Value);
    }

    private static Outcome<StatisticsScope, BadRequestProblem> ParseListed(string region)
    {
        var codes = new List<string>();
        foreach (var raw in region.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var code = StatisticsRegions.Parse(raw, "region");
            if (code.Problem is { } invalid)
            {
                return invalid;
            }
            if (!codes.Contains(code.Value))
            {
                codes.Add(code.Value);
            }
            if (codes.Count > MaxListedRegions)
            {
                return Problems.InvalidParameter("region", $"region lists more than {MaxListedRegions} codes.",
                    "For many regions use parent and level (paginated), or the release's CSV export for everything.");
            }
        }
        return codes.Count == 0
            ? Problems.InvalidParameter("region", "region is empty.", "Give one or more codes separated by commas, e.g. region=18,18.71.")
            : new Listed(codes);
    }

    private static Outcome<StatisticsScope, BadRequestProblem> ParseLevelPage(string? rawParent, string? rawLevel, PageRequest page)
    {
        RegionCode? parent = null;
        if (rawParent is not null)
        {
            var code = StatisticsRegions.Parse(rawParent, "parent");
            if (code.Problem is { } badParent)
            {
                return badParent;
            }
            parent = code.Value == StatisticsStore.National ? null : RegionCode.Parse(code.Value);
        }
        var level = RegionParameters.Level(rawLevel);
        if (level.Problem is { } badLevel)
        {
            return badLevel;
        }
        var parentLevel = parent is { } p ? GeoLevels.Of(p) : GeoLevel.National;
        if ((level.Value ?? parentLevel.Below()) is not { } chosen)
        {
            return Problems.InvalidParameter("parent", "a village has no regions below it.", "Ask for the village itself with region=.");
        }
        if (chosen <= parentLevel)
        {
            return Problems.InvalidParameter("level", $"level {chosen.ApiName()} is not below parent {parent}.",
                "level must be deeper than the parent: below a province ask for regency, district or village.");
        }
        return new RegionRange(parent, chosen).Continues(page) ? new LevelPage(parent, chosen, page) : Problems.InvalidCursor();
    }
}
