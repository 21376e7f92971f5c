using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Brotli or gzip for JSON, JSON-stat and CSV answers, as Accept-Encoding allows (q=0 refuses a coding; nothing
/// acceptable means identity). A page of 2,651 villages is ~1 MB of JSON and a tenth of it compressed. Files that are
/// stored or streamed compressed already (the bulk exports) opt out with <see cref="WithoutResponseCompression{T}"/>.
/// </summary>
public static class ResponseCompressionExtensions
{
    public static readonly string[] CompressedMediaTypes = ["application/json", "application/json-stat+json", "text/csv"];

    private sealed class Uncompressed;

    public static void AddRegsosekResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // Every answer is public, disclosure-controlled data with no secret in it, so there is nothing for a
            // compression side channel (BREACH) to reveal over HTTPS.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = CompressedMediaTypes;
        });
        // Fastest: most of the gain at a fraction of the CPU; answers are computed per request, not stored.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
    }

    /// <summary>For endpoints whose body is compressed already or served as stored: the middleware leaves them alone.</summary>
    public static TBuilder WithoutResponseCompression<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Uncompressed());

    /// <summary>After routing (it reads the endpoint), before the output cache (whose entries stay uncompressed, one per query).</summary>
    public static void UseRegsosekResponseCompression(this WebApplication app) =>
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<Uncompressed>() is null, branch => branch.UseResponseCompression());
}
