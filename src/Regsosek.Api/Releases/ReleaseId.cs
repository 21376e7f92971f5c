using System.Text.RegularExpressions;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

/// <summary>A release as a request names it: by its id, or as latest (what an absent or empty release= means).</summary>
public readonly partial record struct ReleaseId(string Value)
{
    public static ReleaseId Latest { get; } = new(ReleaseStore.Latest);

    public bool IsLatest => Value == ReleaseStore.Latest;

    /// <summary>Named explicitly: what it answers never changes, so caches may keep it (latest may move on).</summary>
    public bool IsPinned => !IsLatest;

    public static Outcome<ReleaseId, BadRequestProblem> Parse(string? raw, string parameter) =>
        string.IsNullOrEmpty(raw) ? Latest
        : Syntax().IsMatch(raw) ? new ReleaseId(raw)
        : Problems.InvalidReleaseId(parameter, raw);

    // \z, not $: $ also matches before a final newline, which would let "latest\n" through as an id.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
