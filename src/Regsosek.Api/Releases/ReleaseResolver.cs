using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

/// <summary>Turns a parsed release id into the published release, or into the 404 every handler answers alike.</summary>
public static class ReleaseResolver
{
    public static async Task<Outcome<ReleaseInfo, NotFoundProblem>> ResolveAsync(this ReleaseStore releases, ReleaseId id, CancellationToken ct) =>
        await releases.FindAsync(id.Value, ct) is { } release ? release : Problems.ReleaseNotFound(id.Value, id.IsLatest);
}
