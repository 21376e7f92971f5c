using System.Text.RegularExpressions;
using Regsosek.Api.Infrastructure;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

/// <summary>Turns a release= or {id} value into a published release, or into the problem to answer with.</summary>
public static partial class ReleaseResolver
{
    public static async Task<(ReleaseInfo? Release, ApiProblem? Problem)> ResolveAsync(ReleaseStore store, string? requested, string parameter, CancellationToken ct)
    {
        var id = string.IsNullOrEmpty(requested) ? ReleaseStore.Latest : requested;
        if (!ReleaseId().IsMatch(id))
        {
            return (null, new BadRequestProblem(ProblemTypes.InvalidParameter,
                $"{parameter} '{Validate.Truncate(id)}' is not a release id; ids are lower-case letters, digits, '.', '_' and '-'.",
                "GET /api/v1/releases lists the release ids; use latest for the current release.",
                new Dictionary<string, object?> { ["parameter"] = parameter }));
        }
        if (await store.FindAsync(id, ct) is { } release)
        {
            return (release, null);
        }
        return (null, new NotFoundProblem(ProblemTypes.ReleaseNotFound,
            id == ReleaseStore.Latest ? "No release has been published yet." : $"No published release has id '{id}'.",
            id == ReleaseStore.Latest
                ? "Publish one with: dotnet run --project src/Regsosek.Cli -- publish --release NAME"
                : "GET /api/v1/releases lists the published releases; latest is the current one."));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex ReleaseId();
}
