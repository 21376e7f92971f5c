using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.OpenApi;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>The parameters of GET /regions, as sent: every value a string, so binding never fails and parsing is ours.</summary>
public sealed record RegionListQuery
{
    [FromQuery(Name = "level"), Shape(ValueShape.RegionLevel), Description("Only regions of this level: province, regency, district or village."), Example("village")]
    public string? Level { get; init; }

    [FromQuery(Name = "parent"), Shape(ValueShape.RegionCode), Description("Only regions below this region (at any depth), e.g. 18 for everything in Lampung."), Example("18")]
    public string? Parent { get; init; }

    [FromQuery(Name = "q"), Description("Name search, case- and accent-insensitive, matching anywhere in the name (2-100 characters)."), Example("bandar")]
    public string? Q { get; init; }

    [FromQuery(Name = "limit"), PageLimit(PageSize.Regions)]
    public string? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description(PageCursor.ParameterDescription)]
    public string? Cursor { get; init; }
}

/// <summary>
/// GET /regions parsed: which regions, which page. <c>FoldedName</c> is the name search folded as the stored names are
/// (<see cref="NameFolding"/>); null: no search.
/// </summary>
public sealed record RegionListRequest(GeoLevel? Level, RegionCode? Parent, string? FoldedName, PageRequest Page)
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 100;

    public static Outcome<RegionListRequest, BadRequestProblem> Parse(RegionListQuery query)
    {
        var level = RegionParameters.Level(query.Level);
        if (level.Problem is { } badLevel)
        {
            return badLevel;
        }
        var page = PageRequest.Parse(query.Limit, query.Cursor, PageSize.Regions);
        if (page.Problem is { } badPage)
        {
            return badPage;
        }
        RegionCode? parent = null;
        if (query.Parent is not null)
        {
            var code = RegionParameters.Code(query.Parent, "parent");
            if (code.Problem is { } badParent)
            {
                return badParent;
            }
            parent = code.Value;
        }
        var name = FoldName(query.Q);
        if (name.Problem is { } badName)
        {
            return badName;
        }
        if (!new RegionRange(parent, level.Value).Continues(page.Value))
        {
            return Problems.InvalidCursor();
        }
        return new RegionListRequest(level.Value, parent, name.Value, page.Value);
    }

    /// <summary>Folded before its length is checked: what is searched for is the folded form.</summary>
    private static Outcome<string?, BadRequestProblem> FoldName(string? q)
    {
        if (q is null)
        {
            return (string?)null;
        }
        if (!QueryText.IsText(q))
        {
            return Problems.InvalidParameter("q", "q holds a control character, half of a surrogate pair or a Unicode non-character.",
                "Search with the letters, digits, spaces and punctuation of a name.");
        }
        var folded = NameFolding.Fold(q.Trim());
        return folded.Length is < MinNameLength or > MaxNameLength
            ? Problems.InvalidParameter("q", $"q must be {MinNameLength} to {MaxNameLength} characters.")
            : folded;
    }
}
