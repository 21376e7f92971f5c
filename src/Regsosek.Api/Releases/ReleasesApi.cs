using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

public static class ReleasesApi
{
    public static RouteGroupBuilder MapReleasesApi(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup("/releases").WithTags("Releases");

        releases.MapGet("/", ListReleases)
            .WithName("ListReleasesV1")
            .WithSummary("Published releases")
            .WithDescription("Every published release, newest first, with its reference period, region code vintage, " +
                             "disclosure-control statement and the definitions of its measures, tiers and deciles.");

        releases.MapGet("/{id}", GetRelease)
            .WithName("GetReleaseV1")
            .WithSummary("One release and how its counts were protected")
            .WithDescription("A release by id, or the current one with `latest`. The disclosure-control statement says what the " +
                             "perturbation implies for users and how much it changed the counts overall.");

        releases.MapReleaseExports();
        return api;
    }

    public static async Task<Results<Ok<ReleaseList>, NotModified>> ListReleases(ReleaseStore store, HttpContext http, CancellationToken ct)
    {
        var releases = await store.ListAsync(ct);
        if (IsNotModified(http, releases))
        {
            return new NotModified();
        }
        return TypedResults.Ok(new ReleaseList(releases.Select(ReleaseResponse.From).ToList()));
    }

    public static async Task<Results<Ok<ReleaseResponse>, NotModified, BadRequestProblem, NotFoundProblem>> GetRelease(
        [AsParameters] ReleaseQuery query, ReleaseStore releases, HttpContext http, CancellationToken ct)
    {
        var parsed = ReleaseRequest.Parse(query);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var resolved = await releases.ResolveAsync(parsed.Value.Release, ct);
        if (resolved.Problem is { } notFound)
        {
            return notFound;
        }
        if (IsNotModified(http, await releases.ListAsync(ct)))
        {
            return new NotModified();
        }
        return TypedResults.Ok(ReleaseResponse.From(resolved.Value));
    }

    /// <summary>
    /// A release shows whether it is the current one, so its validator, like the list's, comes from the list of published
    /// releases (which, when and which is current), never from the counts: a publication or a switch of latest changes it.
    /// </summary>
    private static bool IsNotModified(HttpContext http, IReadOnlyList<ReleaseInfo> releases) =>
        HttpCaching.IsNotModified(http, "l",
            releases.Select(r => $"{r.Id}:{r.Name}:{r.PublishedAt.Ticks}:{r.IsCurrent}"), HttpCaching.LatestMaxAge);
}
