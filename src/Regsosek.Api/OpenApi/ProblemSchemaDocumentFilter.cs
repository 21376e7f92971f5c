using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// The framework's ProblemDetails schema says every member is optional and anything may follow; ours always has type,
/// title, status, detail and instance, a type from the catalogue, and only the extensions Problems writes.
/// </summary>
internal sealed class ProblemSchemaDocumentFilter : IDocumentFilter
{
    public const string SchemaName = "ProblemDetails";

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (swaggerDoc.Components?.Schemas is not { } schemas || !schemas.ContainsKey(SchemaName))
        {
            return;
        }
        var type = Text("A stable URI naming the kind of problem (documented at that URI); switch on it.");
        ValueShapes.Apply(type, ValueShape.ProblemType);
        schemas[SchemaName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem: what went wrong with this request, and usually what to do instead.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = type,
                ["title"] = Text("A short summary of the problem type."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = Text("What was wrong with this request."),
                ["instance"] = Text("The path that was asked for."),
                ["hint"] = Text("What to do instead."),
                ["parameter"] = Text("The query or path parameter at fault."),
                ["allowed"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("An allowed value."), Description = "The values the parameter allows." },
                ["expectedPattern"] = Text("The pattern a region code must match."),
                ["maxLength"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The longest request URI accepted (414)." },
                ["retryAfterSeconds"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "Seconds to wait before retrying (429, 503), as Retry-After." },
                ["supportedVersions"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("An API version."), Description = "The API versions served (unsupported-api-version)." },
                ["maxVariables"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "How many variables (by=) a custom table may have at the level asked for (table-too-detailed)." },
                ["level"] = Text("The level whose limit applied (table-too-detailed)."),
                ["traceId"] = Text("For 5xx: the trace to report to the operators."),
            },
            Required = new HashSet<string> { "type", "title", "status", "detail", "instance" },
            AdditionalPropertiesAllowed = false,
        };
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
