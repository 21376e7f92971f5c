using System.Text.Json.Nodes;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// A JSON-stat 2.0 dataset (https://json-stat.org/format/) with three dimensions: measure (metric, size 1),
/// region (geo) and the breakdown, whose first category is the published total.
/// </summary>
public static class JsonStat
{
    public static JsonObject Dataset(Breakdown breakdown, StatisticsTable table)
    {
        var dimension = breakdown.Dimension;
        var categories = breakdown.Categories;
        var measure = table.Measure.ApiName();

        var regionIndex = new JsonArray();
        var regionLabels = new JsonObject();
        var values = new JsonArray();
        foreach (var row in table.Page.Items)
        {
            regionIndex.Add(row.RegionCode);
            regionLabels[row.RegionCode] = row.Name;
            values.Add(row.Total(table.Measure));
            foreach (var count in breakdown.Counts(row, table.Measure))
            {
                values.Add(count);
            }
        }

        var categoryIndex = new JsonArray("total");
        var categoryLabels = new JsonObject { ["total"] = "Total" };
        foreach (var category in categories)
        {
            categoryIndex.Add(category.Id);
            categoryLabels[category.Id] = category.Label;
        }

        var dataset = new JsonObject
        {
            ["version"] = "2.0",
            ["class"] = "dataset",
            ["label"] = $"Regsosek {table.Release.Name}: {measure} by welfare {dimension} and region",
            ["source"] = $"Regsosek (Registrasi Sosial Ekonomi), release {table.Release.Name}",
            ["updated"] = DateTime.SpecifyKind(table.Release.PublishedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["id"] = new JsonArray("measure", "region", dimension),
            ["size"] = new JsonArray(1, table.Page.Items.Count, categories.Count + 1),
            ["role"] = new JsonObject { ["metric"] = new JsonArray("measure"), ["geo"] = new JsonArray("region") },
            ["dimension"] = new JsonObject
            {
                ["measure"] = new JsonObject
                {
                    ["label"] = "Measure",
                    ["category"] = new JsonObject
                    {
                        ["index"] = new JsonArray(measure),
                        ["label"] = new JsonObject { [measure] = table.Measure == Measure.Families ? "Families" : "Persons" },
                        ["unit"] = new JsonObject { [measure] = new JsonObject { ["decimals"] = 0, ["label"] = measure } },
                    },
                },
                ["region"] = new JsonObject
                {
                    ["label"] = "Region (Kemendagri code)",
                    ["category"] = new JsonObject { ["index"] = regionIndex, ["label"] = regionLabels },
                },
                [dimension] = new JsonObject
                {
                    ["label"] = breakdown.DimensionLabel,
                    ["category"] = new JsonObject { ["index"] = categoryIndex, ["label"] = categoryLabels },
                },
            },
            ["value"] = values,
            ["note"] = new JsonArray(StatisticsRows.Note),
            ["extension"] = new JsonObject { ["release"] = table.Release.Name, ["nextCursor"] = table.Page.NextCursor, ["next"] = table.Page.Next },
        };
        return dataset;
    }
}
