using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>Gives every JSON response (200 bodies, JSON-stat, problems) an example, from <see cref="ResponseExamples"/>.</summary>
internal sealed class ResponseExamplesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is null)
        {
            return;
        }
        var path = "/" + context.ApiDescription.RelativePath?.TrimEnd('/');
        foreach (var (status, response) in operation.Responses)
        {
            if (response.Content is null)
            {
                continue;
            }
            foreach (var (mediaType, content) in response.Content)
            {
                if (content is not OpenApiMediaType media || !mediaType.Contains("json", StringComparison.Ordinal))
                {
                    continue;
                }
                object? example = mediaType == "application/problem+json"
                    ? ResponseExamples.Problem(status, path)
                    : context.ApiDescription.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) == status)?.Type is { } type
                        ? ResponseExamples.For(type)
                        : null;
                if (example is not null)
                {
                    // As the API writes it: the web defaults (camelCase), which the endpoints use too.
                    media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), JsonSerializerOptions.Web);
                }
            }
        }
    }
}
