using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// A closed vocabulary is one named schema (TierId, Measure, Level, RegionLevel, RegionKind, ProblemType) that every
/// property and parameter holding it refers to, so a generated client has one type per vocabulary (not Level2 ..
/// Level7). A property keeps its own description beside the reference (allOf); a nullable one keeps its values inline.
/// </summary>
internal sealed class VocabularyDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var schemas = swaggerDoc.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }
        var used = new HashSet<ValueShape>();
        IOpenApiSchema Named(IOpenApiSchema schema)
        {
            if (schema is not OpenApiSchema inline || ValueShapes.VocabularyOf(inline) is not { } shape)
            {
                if (schema is OpenApiSchema { Items: { } items } array)
                {
                    array.Items = Named(items);
                }
                return schema;
            }
            if (inline.Type?.HasFlag(JsonSchemaType.Null) == true)
            {
                // OpenAPI 3.0 has no nullable reference that both linters and generators read (nullable needs a type
                // beside it, and NSwag then drops the reference): a nullable use keeps the vocabulary inline, null listed.
                inline.Enum?.Add(null!);
                return inline;
            }
            used.Add(shape);
            var reference = new OpenApiSchemaReference(ValueShapes.Vocabularies[shape].Name, swaggerDoc);
            return inline.Description is null ? reference : new OpenApiSchema { AllOf = [reference], Description = inline.Description };
        }

        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var name in schema.Properties?.Keys.ToList() ?? [])
            {
                schema.Properties![name] = Named(schema.Properties[name]);
            }
        }
        foreach (var parameter in swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).SelectMany(o => o.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Schema is { } schema)
            {
                parameter.Schema = Named(schema);
            }
        }
        foreach (var shape in used)
        {
            var (name, description) = ValueShapes.Vocabularies[shape];
            var vocabulary = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
            ValueShapes.Apply(vocabulary, shape);
            vocabulary.Metadata = null;
            schemas[name] = vocabulary;
        }
    }
}
