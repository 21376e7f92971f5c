using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// Describes the tags that WithTags(...) names, which Swagger UI shows as section headings.
/// Minimal APIs have no place for a tag's description, so a new tag gets its line here.
/// </summary>
internal sealed class TagDescriptionsDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Regions"] = "Indonesian regions by Kemendagri code: province > regency/city > district > village, with search and breadcrumbs.",
        ["Sources"] = "Provenance, integrity and licences of the data the API is built on, such as the region reference data.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (swaggerDoc.Tags is null)
        {
            return;
        }
        foreach (var tag in swaggerDoc.Tags)
        {
            if (tag.Description is null && tag.Name is { } name && Descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
