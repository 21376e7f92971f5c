using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// States what the document would otherwise leave to guesswork: the API is called on the host that
/// serves the document, and it needs no credentials (only disclosure-controlled aggregates leave it).
/// </summary>
internal sealed class PublicAccessDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        // Swashbuckle already names the PathBase as server behind a proxy prefix; "/" is its equivalent at the root.
        if (swaggerDoc.Servers is not { Count: > 0 })
        {
            swaggerDoc.Servers = [new OpenApiServer { Url = "/", Description = "This host: the one serving this document" }];
        }
        // One requirement naming no scheme is OpenAPI's "no credentials needed" (an empty list is dropped when
        // serialised); without it the document says nothing about access at all.
        if (swaggerDoc.Security is not { Count: > 0 })
        {
            swaggerDoc.Security = [new OpenApiSecurityRequirement()];
        }
    }
}
