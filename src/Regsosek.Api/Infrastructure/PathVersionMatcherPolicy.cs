using Asp.Versioning;
using Asp.Versioning.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Asp.Versioning's matcher policy with its jump table remembering, per routing node, where a supported version read
/// from the path leads. The library's jump table (<c>ApiVersionPolicyJumpTable.GetDestination</c>, 10.2.1 to 10.2.3)
/// reads the version from the path by building a route template and a <c>TemplateMatcher</c> from the node's route
/// pattern on every request (about 4.4 µs of a cached 304's 55 µs). The reader is not where that happens:
/// <see cref="UrlSegmentApiVersionReader"/> only tells the library to look in the path, and that is also what keeps
/// the API explorer, the link generator and the 404-then-problem answer of an unknown version as they are, so the
/// reader and the library's table both stay. This table asks the library first for each version spelling, and only
/// when the library took that spelling from the path and chose one of the node's versioned destinations does it
/// answer the next such request itself, doing what the library did (the raw version on the versioning feature, the
/// same destination). Everything else (no version, an unknown or malformed one, a version from anywhere else) is the
/// library's answer, every time.
/// </summary>
internal sealed class PathVersionMatcherPolicy(MatcherPolicy library) : MatcherPolicy, INodeBuilderPolicy, IEndpointSelectorPolicy
{
    private readonly INodeBuilderPolicy _nodes = (INodeBuilderPolicy)library;
    private readonly IEndpointSelectorPolicy _selector = (IEndpointSelectorPolicy)library;

    public override int Order => library.Order;

    bool INodeBuilderPolicy.AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => _nodes.AppliesToEndpoints(endpoints);

    bool IEndpointSelectorPolicy.AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => _selector.AppliesToEndpoints(endpoints);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates) => _selector.ApplyAsync(httpContext, candidates);

    /// <summary>The library's edges, each marked whether it leads to endpoints of a version (not to one of the
    /// library's client-error endpoints, which are made here and so are not among <paramref name="endpoints"/>).</summary>
    public IReadOnlyList<PolicyNodeEdge> GetEdges(IReadOnlyList<Endpoint> endpoints)
    {
        var given = new HashSet<Endpoint>(endpoints, ReferenceEqualityComparer.Instance);
        return [.. _nodes.GetEdges(endpoints).Select(edge => new PolicyNodeEdge(
            new EdgeState(edge.State, edge.Endpoints.Any(e => given.Contains(e) && e.Metadata.GetMetadata<ApiVersionMetadata>() is not null)),
            edge.Endpoints))];
    }

    public PolicyJumpTable BuildJumpTable(int exitDestination, IReadOnlyList<PolicyJumpTableEdge> edges)
    {
        var states = edges.Select(edge => (State: (EdgeState)edge.State!, edge.Destination)).ToList();
        var table = _nodes.BuildJumpTable(exitDestination, [.. states.Select(s => new PolicyJumpTableEdge(s.State.Library, s.Destination))]);
        return new PathVersionJumpTable(table, [.. states.Where(s => s.State.Versioned).Select(s => s.Destination)]);
    }

    /// <summary>The library's own edge state (unwrapped again before its jump table is built), and the mark.</summary>
    private sealed record EdgeState(object Library, bool Versioned);

    /// <summary>Replaces the library's registered matcher policy with this one around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var registered = services.Single(d => d.ServiceType == typeof(MatcherPolicy) && d.ImplementationType == typeof(ApiVersionMatcherPolicy));
        services.Remove(registered);
        services.AddSingleton<MatcherPolicy>(provider =>
            new PathVersionMatcherPolicy(ActivatorUtilities.CreateInstance<ApiVersionMatcherPolicy>(provider)));
    }
}

/// <summary>See <see cref="PathVersionMatcherPolicy"/>.</summary>
internal sealed class PathVersionJumpTable(PolicyJumpTable library, HashSet<int> versionDestinations) : PolicyJumpTable
{
    /// <summary>Spellings remembered per node ("1", "1.0", ...): few, and bounded, as the path is the client's.</summary>
    internal const int Capacity = 8;

    private Known[] _known = [];

    public override int GetDestination(HttpContext httpContext)
    {
        var feature = httpContext.ApiVersioningFeature;
        if (feature.RawRequestedApiVersions.Count != 0 || !ApiPathVersion.TryRead(httpContext.Request.Path.Value, out var raw))
        {
            return library.GetDestination(httpContext);
        }
        foreach (var known in Volatile.Read(ref _known))
        {
            if (raw.SequenceEqual(known.Raw))
            {
                feature.RawRequestedApiVersion = known.Raw;
                return known.Destination;
            }
        }
        var destination = library.GetDestination(httpContext);
        if (versionDestinations.Contains(destination) && feature.RawRequestedApiVersions is [var taken] && raw.SequenceEqual(taken))
        {
            Remember(taken, destination);
        }
        return destination;
    }

    private void Remember(string raw, int destination)
    {
        var known = Volatile.Read(ref _known);
        if (known.Length < Capacity && !known.Any(k => k.Raw == raw))
        {
            // A race loses at most an entry, which the next request of that spelling learns again.
            Volatile.Write(ref _known, [.. known, new Known(raw, destination)]);
        }
    }

    private sealed record Known(string Raw, int Destination);
}

/// <summary>The version segment of an API path, read without allocating.</summary>
internal static class ApiPathVersion
{
    /// <summary>
    /// The raw version of <c>/api/v{version}/...</c> or <c>/api/v{version}</c>: the text between <c>/api/v</c> and the
    /// next slash, unparsed (whether it is a version, and a supported one, is the library's to say). Only the exact,
    /// lower-case prefix is read; any other spelling is left to the library, which reads it as it always did.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> path, out ReadOnlySpan<char> raw)
    {
        const string prefix = "/api/v";
        raw = default;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = path[prefix.Length..];
        var end = rest.IndexOf('/');
        raw = end < 0 ? rest : rest[..end];
        return !raw.IsEmpty;
    }
}
