using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Validators and freshness for HTTP caches. An ETag is derived from the release id and the request only, never
/// from the values served: a published release never changes, so (release, query, representation) names a
/// response exactly, and nothing about the counts can be learned from a validator. Regions, releases and sources
/// derive theirs from what they show instead (the region data's source row, the list of releases).
/// </summary>
public static class HttpCaching
{
    /// <summary>Bumped whenever the representation of the same data changes, so caches do not serve old shapes.</summary>
    private const string RepresentationVersion = "2";

    /// <summary>What `latest` points to may switch; clients revalidate after a minute.</summary>
    public static readonly TimeSpan LatestMaxAge = TimeSpan.FromSeconds(60);

    /// <summary>A release named explicitly never changes.</summary>
    public static readonly TimeSpan PinnedMaxAge = TimeSpan.FromDays(1);

    /// <summary>For an answer that turned out not to be the resource (a problem): nothing about it may be cached.</summary>
    public static void Forget(HttpContext http)
    {
        http.Response.Headers.Remove(HeaderNames.ETag);
        http.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>
    /// Sets ETag, Cache-Control and Vary for a response computed from <paramref name="release"/>, and tells whether the
    /// client's If-None-Match already names it (then answer 304 without touching the statistics).
    /// </summary>
    public static bool IsNotModified(HttpContext http, ReleaseInfo release, bool releasePinned, string representation, bool varyByAccept = true) =>
        IsNotModified(http, $"r{release.Id}", [release.Id.ToString(CultureInfo.InvariantCulture), release.RegionVersion, representation],
            releasePinned ? PinnedMaxAge : LatestMaxAge, varyByAccept);

    /// <summary>
    /// As above for a resource that is not published values but reference data or metadata (regions, releases,
    /// sources): <paramref name="basis"/> is what the response shows is derived from (the region data's source row, the
    /// list of releases), so the validator changes exactly when a load or a publication changes that.
    /// </summary>
    public static bool IsNotModified(HttpContext http, string kind, IEnumerable<string> basis, TimeSpan maxAge, bool varyByAccept = false)
    {
        var request = http.Request;
        var etag = $"\"{kind}-{Hash(basis, request)}\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = maxAge == PinnedMaxAge ? PinnedCacheControl : maxAge == LatestMaxAge ? LatestCacheControl : CacheControl(maxAge);
        if (varyByAccept)
        {
            headers.Append(HeaderNames.Vary, "Accept");
        }

        // Most requests carry no validator: parsing the absent header would cost as much as the hash.
        if (request.Headers.IfNoneMatch.Count == 0)
        {
            return false;
        }
        var current = new EntityTagHeaderValue(etag);
        return request.GetTypedHeaders().IfNoneMatch.Any(candidate =>
            candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(current, useStrongComparison: false));
    }

    private static readonly string PinnedCacheControl = CacheControl(PinnedMaxAge);
    private static readonly string LatestCacheControl = CacheControl(LatestMaxAge);

    private static string CacheControl(TimeSpan maxAge) => $"public, max-age={(int)maxAge.TotalSeconds}";

    /// <summary>
    /// The first 20 hex digits of SHA-256 over the representation version, the basis, the path and the query sorted by
    /// name, one per line: a validator that names (basis, request) and nothing else. Built without LINQ or a byte array
    /// per part, since every statistics call computes one (its cost is in docs/BENCHMARKS.md).
    /// </summary>
    private static string Hash(IEnumerable<string> basis, HttpRequest request)
    {
        var key = new StringBuilder(256).Append(RepresentationVersion);
        foreach (var part in basis)
        {
            key.Append('\n').Append(part);
        }
        key.Append('\n').Append(request.Path.Value).Append('\n');
        var query = request.Query;
        if (query.Count > 0)
        {
            var names = new string[query.Count];
            query.Keys.CopyTo(names, 0);
            Array.Sort(names, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                if (i > 0) key.Append('&');
                key.Append(names[i]).Append('=').AppendJoin(',', (IEnumerable<string?>)query[names[i]]);
            }
        }
        var text = key.ToString();
        var size = Encoding.UTF8.GetByteCount(text);
        var bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..10]);
    }
}

/// <summary>304 Not Modified: the cached representation named by If-None-Match is still current.</summary>
public sealed class NotModified : IResult, IStatusCodeHttpResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status304NotModified;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
}
