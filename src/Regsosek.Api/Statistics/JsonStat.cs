using System.Text.Json.Serialization;
using Regsosek.Data.Statistics;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Statistics;

/// <summary>
/// A JSON-stat 2.0 dataset (https://json-stat.org/format/) as this API produces it: three dimensions, measure (metric,
/// size 1), region (geo) and the breakdown, whose first category is the published total. Values are in row-major order
/// of id (measure, region, category).
/// </summary>
/// <param name="Version">Always 2.0.</param>
/// <param name="Class">Always dataset.</param>
/// <param name="Label">What the dataset counts, in English.</param>
/// <param name="Source">Where the counts come from.</param>
/// <param name="Updated">When the release was published (UTC, ISO 8601).</param>
/// <param name="Id">The dimensions in the order of value: measure, region, then tier or decile.</param>
/// <param name="Size">The number of categories of each dimension, in the order of id.</param>
/// <param name="Role">Which dimension is the metric and which the geography.</param>
/// <param name="Dimension">The dimensions by id, with their categories.</param>
/// <param name="Value">Published counts, row-major over id; never 1 or 2. Null for a region the release does not cover (its status says so).</param>
/// <param name="Status">JSON-stat status by position in value: "not covered" for every value of a region the release does not cover (those values are null). Absent when every region is covered; no other value is ever flagged (which cells the noise changed is never said).</param>
/// <param name="Note">How to read the counts; names the regions the release covers only in part.</param>
/// <param name="Extension">This API's additions: the release, paging and the number of regions over all pages.</param>
public sealed record JsonStatDataset(
    [property: Shape(ValueShape.JsonStatVersion)] string Version, [property: Shape(ValueShape.JsonStatClass)] string Class, string Label, string Source, string Updated,
    IReadOnlyList<string> Id, IReadOnlyList<int> Size, JsonStatRole Role,
    IReadOnlyDictionary<string, JsonStatDimension> Dimension, IReadOnlyList<int?> Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Status,
    IReadOnlyList<string> Note, JsonStatExtension Extension);

/// <param name="Metric">The measure dimension.</param>
/// <param name="Geo">The region dimension.</param>
public sealed record JsonStatRole(IReadOnlyList<string> Metric, IReadOnlyList<string> Geo);

/// <param name="Label">What the dimension is.</param>
/// <param name="Category">Its categories.</param>
public sealed record JsonStatDimension(string Label, JsonStatCategory Category);

/// <param name="Index">Category ids in the order of value.</param>
/// <param name="Label">Category labels by id.</param>
/// <param name="Unit">For the metric dimension only: the unit of each measure.</param>
public sealed record JsonStatCategory(IReadOnlyList<string> Index, IReadOnlyDictionary<string, string> Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, JsonStatUnit>? Unit);

/// <param name="Decimals">Always 0: counts are whole numbers.</param>
/// <param name="Label">The unit: families or persons.</param>
public sealed record JsonStatUnit(int Decimals, string Label);

/// <param name="Release">The release the counts come from.</param>
/// <param name="Total">Regions over all pages of this query.</param>
/// <param name="NextCursor">Opaque cursor of the next page; null on the last page.</param>
/// <param name="Next">Relative URL of the next page, pinned to this release; null on the last page.</param>
public sealed record JsonStatExtension([property: Shape(ValueShape.ReleaseId)] string Release, int Total, string? NextCursor, string? Next);

public static class JsonStat
{
    public const string Total = "total";

    /// <summary>The status of a value of a region the release does not cover (JSON-stat 2.0 status, by position).</summary>
    public const string NotCovered = "not covered";

    /// <summary>
    /// The status of a dataset whose values hold <paramref name="perRegion"/> values per region, in region order: every
    /// value of an uncovered region is "not covered"; null when every region is covered.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Status(IReadOnlyList<RegionStatistics> rows, int perRegion)
    {
        var status = new Dictionary<string, string>();
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].IsCovered) continue;
            for (var i = 0; i < perRegion; i++)
            {
                status[(r * perRegion + i).ToString(System.Globalization.CultureInfo.InvariantCulture)] = NotCovered;
            }
        }
        return status.Count == 0 ? null : status;
    }

    /// <summary>The note, and a sentence naming the regions covered only in part (their counts are of the covered part).</summary>
    public static IReadOnlyList<string> Notes(IReadOnlyList<RegionStatistics> rows)
    {
        var partial = rows.Where(r => r.Coverage == RegionCoverage.Partial).Select(r => r.RegionCode).ToList();
        return partial.Count == 0
            ? [StatisticsRows.Note]
            : [StatisticsRows.Note, $"Covered only in part (counts of the covered regions below them only): {string.Join(", ", partial)}."];
    }

    /// <summary>Written with the media type documented for it (JSON-stat's own, not application/json).</summary>
    public static Task WriteAsync(HttpResponse response, JsonStatDataset dataset) =>
        response.WriteAsJsonAsync(dataset, (System.Text.Json.JsonSerializerOptions?)null, FormatNegotiation.JsonStatMediaType + "; charset=utf-8");

    public static JsonStatDataset Dataset(Breakdown breakdown, StatisticsTable table)
    {
        var dimension = breakdown.Dimension;
        var measure = table.Measure.ApiName();
        var rows = table.Page.Items;
        var values = new List<int?>(rows.Count * (breakdown.Categories.Count + 1));
        foreach (var row in rows)
        {
            values.Add(row.Total(table.Measure));
            var counts = breakdown.Counts(row, table.Measure);
            values.AddRange(counts is null ? Enumerable.Repeat<int?>(null, breakdown.Categories.Count) : counts.Select(c => (int?)c));
        }
        var categories = breakdown.Categories.Select(c => (c.Id, c.Label)).Prepend((Id: Total, Label: "Total")).ToList();
        return new JsonStatDataset(
            "2.0", "dataset",
            $"Regsosek {table.Release.Name}: {measure} by welfare {dimension} and region",
            $"Regsosek (Registrasi Sosial Ekonomi), release {table.Release.Name}",
            DateTime.SpecifyKind(table.Release.PublishedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["measure", "region", dimension],
            [1, rows.Count, categories.Count],
            new JsonStatRole(["measure"], ["region"]),
            new Dictionary<string, JsonStatDimension>
            {
                ["measure"] = new("Measure", new JsonStatCategory([measure],
                    new Dictionary<string, string> { [measure] = table.Measure == Measure.Families ? "Families" : "Persons" },
                    new Dictionary<string, JsonStatUnit> { [measure] = new(0, measure) })),
                ["region"] = new("Region (Kemendagri code)", new JsonStatCategory(rows.Select(r => r.RegionCode).ToList(),
                    rows.ToDictionary(r => r.RegionCode, r => r.Name), null)),
                [dimension] = new(breakdown.DimensionLabel, new JsonStatCategory(categories.Select(c => c.Id).ToList(),
                    categories.ToDictionary(c => c.Id, c => c.Label), null)),
            },
            values,
            Status(rows, categories.Count),
            Notes(rows),
            new JsonStatExtension(table.Release.Name, table.Page.Total, table.Page.NextCursor, table.Page.Next));
    }
}
