using Asp.Versioning.ApiExplorer;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Regsosek.Data.Regions;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>One OpenAPI document per API version, described from the versions the app actually maps.</summary>
internal sealed class ConfigureSwaggerOptions(IApiVersionDescriptionProvider provider) : IConfigureOptions<SwaggerGenOptions>
{
    public void Configure(SwaggerGenOptions options)
    {
        foreach (var description in provider.ApiVersionDescriptions)
        {
            options.SwaggerDoc(description.GroupName, new OpenApiInfo
            {
                Title = "Regsosek Statistics API",
                Version = description.ApiVersion.ToString(),
                Description = Describe(description),
                License = new OpenApiLicense { Name = "Region data: ODbL-1.0 (idn-area-data)", Url = new Uri("https://opendatacommons.org/licenses/odbl/1-0/") },
            });
        }
        // Operation ids read as method names in generated clients: the endpoint name without its version (ListRegionsV1: listRegions).
        options.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName is { } name
            ? OperationIds.FromEndpointName(name)
            : null);
        options.SchemaFilter<ContractSchemaFilter>();
        options.OperationFilter<ParameterDocumentationFilter>();
        options.OperationFilter<CsvResponseFilter>();
        options.OperationFilter<ResponseHeadersFilter>();
        options.OperationFilter<ResponseExamplesFilter>();
        options.DocumentFilter<ProblemSchemaDocumentFilter>();
        options.DocumentFilter<VocabularyDocumentFilter>();
        options.DocumentFilter<PublicAccessDocumentFilter>();
        options.DocumentFilter<TagDescriptionsDocumentFilter>();
    }

    private static string Describe(ApiVersionDescription description)
    {
        var text =
            "Aggregated, anonymised welfare-tier statistics of Regsosek (Registrasi Sosial Ekonomi), by region of Indonesia. " +
            "Region codes are Kemendagri codes (not BPS codes), always strings, dotted by level: province `18`, regency/city `18.71`, " +
            "district `18.71.01`, village `18.71.01.1003`. " +
            $"Region reference data: npm package {RegionReference.Name} {RegionReference.Version}. {RegionReference.Licence} " +
            "Errors are RFC 9457 problem details (application/problem+json) whose `type` is stable.";
        if (description.IsDeprecated)
        {
            text += " This API version is deprecated.";
        }
        return text;
    }
}
