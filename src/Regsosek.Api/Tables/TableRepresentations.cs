using Regsosek.Data.Statistics;
using System.Globalization;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Api.Statistics;
using Regsosek.Data.Tables;

namespace Regsosek.Api.Tables;

/// <summary>The three representations of a custom table, each made from a <see cref="CustomTable"/> and nothing else.</summary>
public static class TableRepresentations
{
    /// <summary>The CSV column (and JSON-stat category) holding a variable's total.</summary>
    public const string Total = JsonStat.Total;

    public static TablePage Json(CustomTable table)
    {
        var statistics = table.Statistics;
        var rows = statistics.Page.Items.Select(r => new TableRow(r.RegionCode, r.Name, GeoLevels.FromDepth(r.Level).ApiName(), r.ParentCode,
            StatisticsRegions.AncestorCodes(r.RegionCode), r.Coverage.ApiName(), r.Total(table.Measure),
            table.Combinations(withTotals: false).Select(c => Cell(table.By, c, table.Count(r, c))).ToList())).ToList();
        return new TablePage(ReleaseRef.From(statistics.Release), table.Measure.ApiName(), table.By.Select(v => v.Name).ToList(), rows,
            statistics.Page.Total, statistics.Page.NextCursor, statistics.Page.Next, StatisticsRows.Note);
    }

    private static TableCellCount Cell(IReadOnlyList<TableVariable> by, short[] categories, int? count)
    {
        string? Code(TableVariable variable) => by.IndexOf(variable) is var i and >= 0 ? variable.Find(categories[i])!.Code : null;
        return new TableCellCount(Code(TableVariables.Tier), Code(TableVariables.Decile), Code(TableVariables.HeadSex),
            Code(TableVariables.HeadAgeGroup), Code(TableVariables.Disability), Code(TableVariables.FamilySize), count);
    }

    public static string CsvHeader(CustomTable table) =>
        string.Join(',', new[] { "release", "region_code", "region_name", "level", "measure" }.Concat(table.By.Select(v => v.Name)).Append("count").Append(Data.Exports.CsvTable.CoverageColumn));

    /// <summary>
    /// Long form: per region its total row ("total" in every variable's column), then one row per combination; the count
    /// is empty for a region the release does not cover, and the last column says the region's coverage.
    /// </summary>
    public static void WriteCsvRows(TextWriter writer, CustomTable table)
    {
        var release = table.Statistics.Release.Name;
        var measure = table.Measure.ApiName();
        var combinations = table.Combinations(withTotals: false).Prepend(new short[table.By.Count]).ToList();
        foreach (var region in table.Statistics.Page.Items)
        {
            foreach (var combination in combinations)
            {
                writer.Write(release);
                writer.Write(',');
                writer.Write(region.RegionCode);
                writer.Write(',');
                StatisticsCsv.WriteField(writer, region.Name);
                writer.Write(',');
                writer.Write(GeoLevels.FromDepth(region.Level).ApiName());
                writer.Write(',');
                writer.Write(measure);
                for (var i = 0; i < table.By.Count; i++)
                {
                    writer.Write(',');
                    writer.Write(combination[i] == 0 ? Total : table.By[i].Find(combination[i])!.Code);
                }
                writer.Write(',');
                writer.Write(table.Count(region, combination)?.ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(region.Coverage.ApiName());
                writer.Write("\r\n");
            }
        }
    }

    /// <summary>
    /// JSON-stat 2.0: dimensions measure, region, then one per variable whose first category is its total, so the cube
    /// holds the table with all its margins (each a smaller published table) and the region's total.
    /// </summary>
    public static JsonStatDataset JsonStatDataset(CustomTable table)
    {
        var statistics = table.Statistics;
        var measure = table.Measure.ApiName();
        var rows = statistics.Page.Items;
        var combinations = table.Combinations(withTotals: true).ToList();
        var values = new List<int?>(rows.Count * combinations.Count);
        foreach (var row in rows)
        {
            values.AddRange(combinations.Select(c => table.Count(row, c)));
        }
        var dimensions = new Dictionary<string, JsonStatDimension>
        {
            ["measure"] = new("Measure", new JsonStatCategory([measure],
                new Dictionary<string, string> { [measure] = table.Measure == Data.Statistics.Measure.Families ? "Families" : "Persons" },
                new Dictionary<string, JsonStatUnit> { [measure] = new(0, measure) })),
            ["region"] = new("Region (Kemendagri code)", new JsonStatCategory(rows.Select(r => r.RegionCode).ToList(),
                rows.ToDictionary(r => r.RegionCode, r => r.Name), null)),
        };
        foreach (var variable in table.By)
        {
            var categories = variable.Categories.Select(c => (c.Code, c.English)).Prepend((Code: Total, English: "Total")).ToList();
            dimensions[variable.Name] = new(variable.English, new JsonStatCategory(categories.Select(c => c.Code).ToList(),
                categories.ToDictionary(c => c.Code, c => c.English), null));
        }
        return new JsonStatDataset(
            "2.0", "dataset",
            $"Regsosek {statistics.Release.Name}: {measure} by {string.Join(", ", table.By.Select(v => v.Name))} and region",
            $"Regsosek (Registrasi Sosial Ekonomi), release {statistics.Release.Name}",
            DateTime.SpecifyKind(statistics.Release.PublishedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["measure", "region", .. table.By.Select(v => v.Name)],
            [1, rows.Count, .. table.By.Select(v => v.Categories.Count + 1)],
            new JsonStatRole(["measure"], ["region"]),
            dimensions,
            values,
            JsonStat.Status(rows, combinations.Count),
            JsonStat.Notes(rows),
            new JsonStatExtension(statistics.Release.Name, statistics.Page.Total, statistics.Page.NextCursor, statistics.Page.Next));
    }
}
