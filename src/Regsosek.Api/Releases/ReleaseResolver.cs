using System.Text.RegularExpressions;
using Regsosek.Api.Infrastructure.Errors;
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
            return (null, Problems.InvalidReleaseId(parameter, id));
        }
        if (await store.FindAsync(id, ct) is { } release)
        {
            return (release, null);
        }
        return (null, Problems.ReleaseNotFound(id, latest: id == ReleaseStore.Latest));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex ReleaseId();
}
