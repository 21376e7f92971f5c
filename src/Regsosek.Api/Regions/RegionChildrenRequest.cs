using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.OpenApi;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>The parameters of GET /regions/{code}/children, as sent.</summary>
public sealed record RegionChildrenQuery
{
    [FromRoute(Name = "code"), Shape(ValueShape.RegionCode), Description("Kemendagri region code: NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN."), Example("18")]
    public required string Code { get; init; }

    [FromQuery(Name = "limit"), PageLimit(PageSize.Regions)]
    public string? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description(PageCursor.ParameterDescription)]
    public string? Cursor { get; init; }
}

/// <summary>GET /regions/{code}/children parsed.</summary>
public sealed record RegionChildrenRequest(RegionCode Parent, PageRequest Page)
{
    /// <summary>Code, limit, cursor: in that order the first problem wins.</summary>
    public static Outcome<RegionChildrenRequest, BadRequestProblem> Parse(RegionChildrenQuery query)
    {
        var code = RegionParameters.Code(query.Code, "code");
        if (code.Problem is { } badCode)
        {
            return badCode;
        }
        var page = PageRequest.Parse(query.Limit, query.Cursor, PageSize.Regions);
        if (page.Problem is { } badPage)
        {
            return badPage;
        }
        // Below a village there is no level, and no region either: no cursor continues its (empty) list.
        var children = new RegionRange(code.Value, GeoLevels.Of(code.Value).Below());
        return children.Continues(page.Value) ? new RegionChildrenRequest(code.Value, page.Value) : Problems.InvalidCursor();
    }
}
