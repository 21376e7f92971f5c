using System.Text.Json.Serialization;

namespace Regsosek.Data.Exports;

/// <summary>
/// A CSV on the Web (W3C CSVW) table description of one of our CSVs: what a spreadsheet or data-frame reader needs to
/// type its columns, above all that codes are text (18.10 is not the number 18.1). Served as application/csvm+json and
/// linked from the CSV with Link: rel="describedby". <see cref="Url"/> names the CSV exactly, so a CSVW processor that
/// follows the link accepts it (CSVW 5.2: metadata that does not name the file it was found from is ignored).
/// </summary>
/// <param name="Context">Always http://www.w3.org/ns/csvw.</param>
/// <param name="Url">The CSV described, relative to this document.</param>
/// <param name="Title">What the CSV holds.</param>
/// <param name="TableSchema">Its columns, in order, and the columns that identify a row.</param>
public sealed record CsvwTable(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("dc:title")] string Title,
    [property: JsonPropertyName("tableSchema")] CsvwSchema TableSchema)
{
    public const string MediaType = "application/csvm+json";

    public const string CsvwContext = "http://www.w3.org/ns/csvw";

    /// <summary>The description of <paramref name="table"/> as the CSV at <paramref name="url"/> (relative to the metadata).</summary>
    public static CsvwTable For(CsvTable table, string url, string title) => new(CsvwContext, url, title,
        new CsvwSchema(table.Columns.Select(Column).ToList(), ["release", "region_code", "measure"]));

    private static CsvwColumn Column(string name) => name switch
    {
        "release" => new(name, name, "string", true, "The release the row was published in."),
        "region_code" => new(name, name, "string", true, "Region code (ID, 18, 18.71, 18.71.01, 18.71.01.1001): text, never a number."),
        "parent_code" => new(name, name, "string", false, "The parent region's code (empty for Indonesia): text."),
        "region_name" or "level" or "measure" => new(name, name, "string", true, null),
        "coverage" => new(name, name, "string", true, "full, partial (some regions below are covered) or none: not covered, its counts empty, never 0."),
        _ when name.EndsWith("_share", StringComparison.Ordinal) => new(name, name, "decimal", false, "count / denominator, 6 decimals; empty when the denominator is 0."),
        _ => new(name, name, "integer", false, "Empty where the region is not covered by the release."),
    };
}

/// <param name="Columns">Every column, in the CSV's order.</param>
/// <param name="PrimaryKey">The columns that identify a row.</param>
public sealed record CsvwSchema(
    [property: JsonPropertyName("columns")] IReadOnlyList<CsvwColumn> Columns,
    [property: JsonPropertyName("primaryKey")] IReadOnlyList<string> PrimaryKey);

/// <param name="Name">The column's name.</param>
/// <param name="Titles">Its title in the header row.</param>
/// <param name="Datatype">string, integer or decimal (XML Schema built-ins, as CSVW names them).</param>
/// <param name="Required">Whether every row has a value.</param>
/// <param name="Description">What the column holds, where its name does not say it all.</param>
public sealed record CsvwColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("titles")] string Titles,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("dc:description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);
