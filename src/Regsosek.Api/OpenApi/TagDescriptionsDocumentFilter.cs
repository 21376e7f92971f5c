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
        ["Releases"] = "Published releases: reference period, region code vintage, the disclosure-control statement and the definitions of measures, tiers and deciles.",
        ["Statistics"] = "Published, disclosure-controlled counts of families and persons per welfare tier and decile, by region, as JSON, CSV or JSON-stat.",
        ["Exports"] = "Every region of a release in one streamed CSV file, for bulk loads.",
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
