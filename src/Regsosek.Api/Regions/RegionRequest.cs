using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.OpenApi;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>The parameters of GET /regions/{code}, as sent.</summary>
public sealed record RegionQuery
{
    [FromRoute(Name = "code"), Shape(ValueShape.RegionCode), Description("Kemendagri region code: NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN."), Example("18.71")]
    public required string Code { get; init; }
}

/// <summary>GET /regions/{code} parsed.</summary>
public sealed record RegionRequest(RegionCode Code)
{
    public static Outcome<RegionRequest, BadRequestProblem> Parse(RegionQuery query)
    {
        var code = RegionParameters.Code(query.Code, "code");
        return code.Problem is { } invalid ? invalid : new RegionRequest(code.Value);
    }
}
