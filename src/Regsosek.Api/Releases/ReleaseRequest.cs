using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Releases;

/// <summary>The parameters of GET /releases/{id}, as sent.</summary>
public sealed record ReleaseQuery
{
    [FromRoute(Name = "id"), Shape(ValueShape.ReleaseId), Description("Release id, or latest for the current release."), Example("latest")]
    public required string Id { get; init; }
}

/// <summary>The parameters of GET /releases/{id}/exports/..., as sent.</summary>
public sealed record ReleaseExportQuery
{
    [FromRoute(Name = "id"), Shape(ValueShape.ReleaseId), Description("Release id, or latest."), Example("latest")]
    public required string Id { get; init; }
}

/// <summary>A request for one release (or a file of it) parsed.</summary>
public sealed record ReleaseRequest(ReleaseId Release)
{
    public static Outcome<ReleaseRequest, BadRequestProblem> Parse(ReleaseQuery query) => Parse(query.Id);

    public static Outcome<ReleaseRequest, BadRequestProblem> Parse(ReleaseExportQuery query) => Parse(query.Id);

    private static Outcome<ReleaseRequest, BadRequestProblem> Parse(string id)
    {
        var release = ReleaseId.Parse(id, "id");
        return release.Problem is { } invalid ? invalid : new ReleaseRequest(release.Value);
    }
}
