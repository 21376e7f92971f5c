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
        var query = string.Join('&', request.Query.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + string.Join(',', p.Value.ToArray())));
        var key = string.Join('\n', [RepresentationVersion, .. basis, request.Path.Value, query]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20];
        var etag = new EntityTagHeaderValue($"\"{kind}-{hash}\"");

        var headers = http.Response.Headers;
        headers.ETag = etag.ToString();
        headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        if (varyByAccept)
        {
            headers.Append(HeaderNames.Vary, "Accept");
        }

        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
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
