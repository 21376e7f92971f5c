using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.OpenApi;
using Regsosek.Data.Exports;

namespace Regsosek.Api.Releases;

/// <summary>
/// A release's bulk file, sent from its local copy with the framework's file semantics: Content-Length, a strong ETag
/// (the file's sha256), If-None-Match (304), Range and If-Range (206, 416), HEAD, and sendfile for the body. The
/// file is immutable, so its digest is a validator that never lies; it is published data, so the digest reveals
/// nothing the file does not. A gzip variant is sent as the same content with Content-Encoding: gzip and an ETag of
/// its own; a Range request is answered from the plain file (see ReleaseExportsApi).
/// </summary>
public sealed class ReleaseFileResult(string path, ReleaseFileInfo file, string contentType, string downloadName, bool gzip, bool pinned)
    : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    /// <summary>The strong validator of a stored file: its digest (128 bits are plenty to tell files apart).</summary>
    public static EntityTagHeaderValue ETagOf(ReleaseFileInfo file) => new($"\"{file.Sha256[..32]}\"");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var headers = httpContext.Response.Headers;
        headers.CacheControl = $"public, max-age={(int)(pinned ? HttpCaching.PinnedMaxAge : HttpCaching.LatestMaxAge).TotalSeconds}";
        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }
        return TypedResults.PhysicalFile(path, contentType, downloadName, lastModified: null, ETagOf(file), enableRangeProcessing: true)
            .ExecuteAsync(httpContext);
    }

}

public static class ReleaseFileEndpoints
{
    /// <summary>
    /// 416 (a range past the end) is the framework's, with no body, so it is not documented beside the problem+json 4xx
    /// answers; the Range parameter's description says when it comes.
    /// A file to download as <paramref name="mediaType"/>: binary (never a string to deserialise), whole or in part, named by Content-Disposition.</summary>
    public static RouteHandlerBuilder ProducesReleaseFile(this RouteHandlerBuilder endpoint, string mediaType) =>
        endpoint.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [mediaType]),
            new ProducesResponseTypeMetadata(StatusCodes.Status206PartialContent, typeof(Stream), [mediaType]),
            new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)),
            SentAsAttachment.Instance);
}
