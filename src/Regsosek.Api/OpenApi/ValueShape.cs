using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;
using Regsosek.Data.Tables;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// What a string (or number) property or parameter may hold, beyond its type: a closed vocabulary becomes an enum, a
/// code a pattern. Generated clients turn enums into types, so a misspelt tier or level does not compile. Each list
/// is read from the code that produces or parses the values, never typed twice.
/// </summary>
public enum ValueShape
{
    /// <summary>extreme_poor, poor, vulnerable, upper_middle.</summary>
    TierId,

    /// <summary>1 to 10.</summary>
    Decile,

    /// <summary>families, persons.</summary>
    Measure,

    /// <summary>national, province, regency, district, village: the level of a statistics row.</summary>
    Level,

    /// <summary>province, regency, district, village: levels that have regions (level=, regions, children).</summary>
    RegionLevel,

    /// <summary>provinsi, kabupaten, kota, kecamatan, desa, kelurahan.</summary>
    Kind,

    /// <summary>A Kemendagri region code: 18, 18.71, 18.71.01, 18.71.01.1003.</summary>
    RegionCode,

    /// <summary>A region code, or ID for Indonesia as a whole (statistics).</summary>
    StatisticsRegionCode,

    /// <summary>Region codes (or ID) separated by commas.</summary>
    StatisticsRegionList,

    /// <summary>A release id; latest names the current release where a request takes one.</summary>
    ReleaseId,

    /// <summary>A problem type URI of the catalogue (/problems/...).</summary>
    ProblemType,

    /// <summary>Always 2.0 (a JSON-stat dataset's version).</summary>
    JsonStatVersion,

    /// <summary>Always dataset (a JSON-stat dataset's class).</summary>
    JsonStatClass,

    /// <summary>tier, decile, head_sex, head_age_group, disability, family_size: a custom table's variable.</summary>
    TableVariable,

    /// <summary>Table variables separated by commas (by=).</summary>
    TableVariableList,

    /// <summary>"1" to "10": a decile as a custom table's category code.</summary>
    DecileCode,

    /// <summary>male, female.</summary>
    HeadSex,

    /// <summary>15-24 .. 65+.</summary>
    HeadAgeGroup,

    /// <summary>no, yes.</summary>
    Disability,

    /// <summary>1, 2, 3-4, 5-6, 7+.</summary>
    FamilySize,

    /// <summary>full, partial, none: how much of a region the release covers.</summary>
    Coverage,
}

/// <summary>Documents a property or parameter with its <see cref="ValueShape"/> (on a record: <c>[property: Shape(...)]</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ShapeAttribute(ValueShape shape) : Attribute
{
    public ValueShape Shape { get; } = shape;
}

public static class ValueShapes
{
    /// <summary>The kinds the region table allows (its CHECK constraint), as <see cref="Data.Regions.RegionCode.Kind"/> names them.</summary>
    public static readonly string[] Kinds = ["provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan"];

    /// <summary>The release id syntax of <see cref="Releases.ReleaseId"/>, with $ for JSON Schema (no trailing newline there).</summary>
    public const string ReleaseIdPattern = "^[a-z0-9][a-z0-9._-]{0,62}$";

    private const string CodeBody = @"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?";

    public static readonly string StatisticsCodePattern = $"^(ID|{CodeBody})$";

    /// <summary>Trimmed entries, ID in any case: what <see cref="Statistics.StatisticsScope"/> accepts.</summary>
    public static readonly string StatisticsListPattern = $"^ *([Ii][Dd]|{CodeBody}) *(, *([Ii][Dd]|{CodeBody}) *)*$";

    private static readonly string TableVariableName = $"({string.Join('|', TableVariables.All.Select(v => v.Name))})";

    /// <summary>Trimmed names separated by commas: what <see cref="Tables.TableRequest"/> accepts (each once, checked there).</summary>
    public static readonly string TableVariableListPattern = $"^ *{TableVariableName} *(, *{TableVariableName} *)*$";

    private static IEnumerable<string> Codes(TableVariable variable) => variable.Categories.Select(c => c.Code);

    /// <summary>Narrows a schema (or, for a list, its items) to the shape.</summary>
    public static void Apply(OpenApiSchema schema, ValueShape shape)
    {
        var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
        switch (shape)
        {
            case ValueShape.TierId: Enum(target, shape, Vocabulary.Tiers.Select(t => t.Id)); break;
            case ValueShape.Measure: Enum(target, shape, Vocabulary.Measures.Select(m => m.Id)); break;
            case ValueShape.Level: Enum(target, shape, System.Enum.GetValues<GeoLevel>().Select(l => l.ApiName())); break;
            case ValueShape.RegionLevel: Enum(target, shape, GeoLevels.Regional.Select(l => l.ApiName())); break;
            case ValueShape.Kind: Enum(target, shape, Kinds); break;
            case ValueShape.ProblemType: Enum(target, shape, ProblemTypes.All.Select(t => t.Uri)); break;
            case ValueShape.JsonStatVersion: Enum(target, shape, ["2.0"]); break;
            case ValueShape.JsonStatClass: Enum(target, shape, ["dataset"]); break;
            case ValueShape.TableVariable: Enum(target, shape, TableVariables.All.Select(v => v.Name)); break;
            case ValueShape.TableVariableList: target.Pattern = TableVariableListPattern; break;
            case ValueShape.DecileCode: Enum(target, shape, Codes(TableVariables.Decile)); break;
            case ValueShape.HeadSex: Enum(target, shape, Codes(TableVariables.HeadSex)); break;
            case ValueShape.HeadAgeGroup: Enum(target, shape, Codes(TableVariables.HeadAgeGroup)); break;
            case ValueShape.Disability: Enum(target, shape, Codes(TableVariables.Disability)); break;
            case ValueShape.FamilySize: Enum(target, shape, Codes(TableVariables.FamilySize)); break;
            case ValueShape.Coverage: Enum(target, shape, System.Enum.GetValues<RegionCoverage>().Reverse().Select(c => c.ApiName())); break;
            case ValueShape.Decile:
                target.Minimum = "1";
                target.Maximum = Vocabulary.Deciles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ValueShape.RegionCode: target.Pattern = Data.Regions.RegionCode.Pattern; break;
            case ValueShape.StatisticsRegionCode: target.Pattern = StatisticsCodePattern; break;
            case ValueShape.StatisticsRegionList: target.Pattern = StatisticsListPattern; break;
            case ValueShape.ReleaseId: target.Pattern = ReleaseIdPattern; break;
            default: throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }

    /// <summary>The shapes that are vocabularies of their own: one named schema each, which properties and parameters refer to.</summary>
    public static readonly IReadOnlyDictionary<ValueShape, (string Name, string Description)> Vocabularies = new Dictionary<ValueShape, (string, string)>
    {
        [ValueShape.TierId] = ("TierId", "A welfare tier, poorest first: extreme_poor, poor, vulnerable, upper_middle."),
        [ValueShape.Measure] = ("Measure", "What is counted: families, or persons (the members of those families)."),
        [ValueShape.Level] = ("Level", "The level of a statistics row: Indonesia as a whole (national) or a level that has regions."),
        [ValueShape.RegionLevel] = ("RegionLevel", "A level that has regions: province > regency (kabupaten/kota) > district (kecamatan) > village (desa/kelurahan)."),
        [ValueShape.Kind] = ("RegionKind", "The kind of region, from its code: provinsi; kabupaten or kota; kecamatan; desa or kelurahan."),
        [ValueShape.TableVariable] = ("TableVariable", "A variable custom tables break counts down by: tier, decile, head_sex, head_age_group, disability, family_size."),
        [ValueShape.DecileCode] = ("DecileCode", "A national welfare decile as a custom table's category code: 1 (poorest 10 %) to 10."),
        [ValueShape.HeadSex] = ("HeadSex", "Sex of the family head: male, female."),
        [ValueShape.HeadAgeGroup] = ("HeadAgeGroup", "Age group of the family head, in years: 15-24, 25-34, 35-44, 45-54, 55-64, 65+."),
        [ValueShape.Disability] = ("Disability", "Whether a member of the family lives with a disability: no, yes."),
        [ValueShape.FamilySize] = ("FamilySize", "Members of the family, banded: 1, 2, 3-4, 5-6, 7+."),
        [ValueShape.Coverage] = ("Coverage", "How much of a region the release's microdata covers: full (counts complete; a 0 is a real 0), " +
            "partial (some regions below it are not covered: its counts are those of the covered part only) or none (not covered: " +
            "its counts are null, never 0)."),
        [ValueShape.ProblemType] = ("ProblemType", "The stable problem type URIs of this API, each documented at its URI."),
    };

    /// <summary>The vocabulary a schema was narrowed to, for <see cref="VocabularyDocumentFilter"/> to name.</summary>
    public static ValueShape? VocabularyOf(OpenApiSchema schema) =>
        schema.Metadata?.TryGetValue(nameof(ValueShape), out var shape) == true && Vocabularies.ContainsKey((ValueShape)shape) ? (ValueShape)shape : null;

    private static void Enum(OpenApiSchema schema, ValueShape shape, IEnumerable<string> values)
    {
        var list = values.ToList();
        schema.Enum = [.. list.Select(v => (JsonNode)JsonValue.Create(v)!)];
        (schema.Metadata ??= new Dictionary<string, object>())[nameof(ValueShape)] = shape;
        // Member names for generators that read them (NSwag): ExtremePoor, InvalidRegionCode, not Extreme_poor or _problems_invalidRegionCode.
        (schema.Extensions ??= new Dictionary<string, IOpenApiExtension>())["x-enumNames"] =
            new JsonNodeExtension(new JsonArray([.. list.Select(v => (JsonNode)JsonValue.Create(MemberName(v))!)]));
    }

    /// <summary>extreme_poor: ExtremePoor; /problems/invalid-region-code: InvalidRegionCode; 2.0: V2_0.</summary>
    public static string MemberName(string value)
    {
        var words = value.Replace("/problems/", "").Split(['_', '-', '/', ' '], StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..])).Replace('.', '_');
        return char.IsDigit(name[0]) ? "V" + name : name;
    }
}
