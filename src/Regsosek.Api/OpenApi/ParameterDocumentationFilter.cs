using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.OpenApi;
using Regsosek.Api.Infrastructure.Paging;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// Carries [Description] and [Example] from [AsParameters] records onto the OpenAPI parameters,
/// which Swashbuckle does not read for minimal APIs, narrows a [Shape] (enum or pattern), and documents a [PageLimit]
/// from its page-size policy.
/// </summary>
internal sealed class ParameterDocumentationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null)
        {
            return;
        }
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            var description = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Name == parameter.Name);
            var info = (description?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info is null)
            {
                continue;
            }
            if (info.GetCustomAttribute<DescriptionAttribute>() is { } text)
            {
                parameter.Description = text.Description;
            }
            if (info.GetCustomAttribute<ExampleAttribute>() is { } example)
            {
                parameter.Example = int.TryParse(example.Value, out var number) && info.ParameterType != typeof(string)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(example.Value);
            }
            // Bound as an optional string so that a missing value is our problem detail, not a binding failure.
            if (info.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null)
            {
                parameter.Required = true;
            }
            if (info.GetCustomAttribute<ShapeAttribute>() is { } shape && parameter.Schema is OpenApiSchema shaped)
            {
                ValueShapes.Apply(shaped, shape.Shape);
            }
            if (info.GetCustomAttribute<PageLimitAttribute>() is { } limit)
            {
                // Bound as a string so that the API parses it (a bad value is our problem, not a binding failure), but
                // what a client sends is a whole number: generated clients and Swagger UI should treat it as one.
                if (parameter.Schema is OpenApiSchema schema)
                {
                    schema.Type = JsonSchemaType.Integer;
                    schema.Format = "int32";
                    schema.Minimum = "1";
                    schema.Maximum = limit.Size.Max().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                parameter.Example = JsonValue.Create(limit.Size.Default());
            }
        }
    }
}
