using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// Makes the schemas of the API's own response types say what a client may rely on: every property is required (the
/// serialiser writes every property, null included), except one the serialiser leaves out when null; a property with
/// a <see cref="ShapeAttribute"/> gets its enum or pattern; one left out when null is optional and never null. Nullability itself comes from the C# types
/// (SupportNonNullableReferenceTypes); additionalProperties is false already.
/// </summary>
internal sealed class ContractSchemaFilter : ISchemaFilter
{
    // The API's own models, and the CSVW description it serves from the exports' shared definitions.
    private static bool IsResponseType(Type type) =>
        type.Namespace?.StartsWith("Regsosek.Api", StringComparison.Ordinal) == true || type.Namespace == "Regsosek.Data.Exports";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }
        if (context.MemberInfo?.GetCustomAttribute<ShapeAttribute>() is { } shape)
        {
            ValueShapes.Apply(concrete, shape.Shape);
        }
        if (concrete.Properties is not { Count: > 0 } properties || !IsResponseType(context.Type))
        {
            return;
        }
        concrete.Required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var omittedWhenNull = property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.WhenWritingNull;
            if (properties.ContainsKey(name) && !omittedWhenNull)
            {
                concrete.Required.Add(name);
            }
            else if (omittedWhenNull && properties.TryGetValue(name, out var omitted) && omitted is OpenApiSchema { Type: { } type } optional)
            {
                // Left out when null, so never null on the wire: optional, not nullable (and a vocabulary keeps its named type).
                optional.Type = type & ~JsonSchemaType.Null;
            }
        }
    }
}
