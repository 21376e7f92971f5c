using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.OpenApi;
using Regsosek.Api.Releases;
using Regsosek.Api.Statistics;

namespace Regsosek.Api.Regions;

/// <summary>The parameters of GET /regions/{code}/statistics, as sent.</summary>
public sealed record RegionStatisticsQuery
{
    [FromRoute(Name = "code"), Shape(ValueShape.StatisticsRegionCode), Description("Kemendagri region code (NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN), or ID for Indonesia."), Example("18.71")]
    public required string Code { get; init; }

    [FromQuery(Name = "release"), Shape(ValueShape.ReleaseId), Description("Release id (default latest)."), Example("latest")]
    public string? Release { get; init; }
}

/// <summary>GET /regions/{code}/statistics parsed; the code is a Kemendagri code, or ID for Indonesia.</summary>
public sealed record RegionStatisticsRequest(string Code, ReleaseId Release)
{
    public static Outcome<RegionStatisticsRequest, BadRequestProblem> Parse(RegionStatisticsQuery query)
    {
        var code = StatisticsRegions.Parse(query.Code, "code");
        if (code.Problem is { } badCode)
        {
            return badCode;
        }
        var release = ReleaseId.Parse(query.Release, "release");
        return release.Problem is { } badRelease ? badRelease : new RegionStatisticsRequest(code.Value, release.Value);
    }
}
