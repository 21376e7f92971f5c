using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// Serves each OpenAPI document from memory. Swashbuckle builds a document again on every request (about 14 ms of
/// CPU), so a handful of clients fetching it in a loop saturated the machine and every API call waited behind them.
/// A document changes only with a deployment, so the first request builds it through Swashbuckle (whatever its
/// options say: version, format) and every later one gets those bytes, with a strong ETag and a 304 to a client that
/// has them already.
/// </summary>
internal sealed class OpenApiDocumentCache
{
    /// <summary>A new deployment shows within this time to a client that honours Cache-Control.</summary>
    public const string CacheControl = "public, max-age=300";

    private static readonly string[] Formats = ["swagger.json", "swagger.yaml", "swagger.yml"];

    private readonly ConcurrentDictionary<string, CachedDocument> _documents = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _building = new(1, 1);

    private sealed record CachedDocument(byte[] Body, string? ContentType, string ETag);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (DocumentKey(context.Request.Path) is not { } key)
        {
            await next(context);
            return;
        }
        if (!_documents.TryGetValue(key, out var document))
        {
            // One build at a time: clients arriving together at start-up wait for the first instead of each building.
            await _building.WaitAsync(context.RequestAborted);
            try
            {
                if (!_documents.TryGetValue(key, out document))
                {
                    document = await BuildAsync(context, next);
                    if (document is null)
                    {
                        return;
                    }
                    _documents[key] = document;
                }
            }
            finally
            {
                _building.Release();
            }
        }
        await ServeAsync(context, document);
    }

    /// <summary>
    /// /swagger/{document}/swagger.json (or .yaml) as Swashbuckle matches it, normalised: literals in any case name
    /// the same document, so a client cannot fill memory with spellings of one path. Unknown documents are not kept.
    /// </summary>
    private static string? DocumentKey(PathString path)
    {
        var segments = path.Value?.Split('/');
        return segments is ["", var root, var document, var file]
               && root.Equals("swagger", StringComparison.OrdinalIgnoreCase)
               && document.Length > 0
               && Formats.FirstOrDefault(f => f.Equals(file, StringComparison.OrdinalIgnoreCase)) is { } format
            ? $"{document}/{format}"
            : null;
    }

    /// <summary>The document as Swashbuckle writes it; null (and its answer passed on) for anything but a 200.</summary>
    private static async Task<CachedDocument?> BuildAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(body, context.RequestAborted);
            return null;
        }
        var bytes = buffer.ToArray();
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"";
        return new CachedDocument(bytes, context.Response.ContentType, etag);
    }

    private static async Task ServeAsync(HttpContext context, CachedDocument document)
    {
        var response = context.Response;
        response.Headers.ETag = document.ETag;
        response.Headers.CacheControl = CacheControl;
        var etag = new EntityTagHeaderValue(document.ETag);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = document.ContentType;
        response.ContentLength = document.Body.Length;
        await response.Body.WriteAsync(document.Body, context.RequestAborted);
    }
}
