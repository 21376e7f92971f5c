using System.Globalization;
using Regsosek.Api.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// RFC 4180 CSV in UTF-8: CRLF, a header row, quotes only where a field needs them. One row per region and measure.
/// Codes are written as they are (18.01); a spreadsheet must import region_code as text to keep the trailing zero.
/// </summary>
public static class StatisticsCsv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>A page is bounded (limit), so it is rendered whole and sent in one asynchronous write.</summary>
    public static async Task WriteAsync(HttpResponse response, string header, Action<TextWriter> writeRows)
    {
        response.ContentType = ContentType;
        var csv = new StringWriter();
        csv.Write(header + "\r\n");
        writeRows(csv);
        await response.WriteAsync(csv.ToString(), System.Text.Encoding.UTF8);
    }

    public static string Header(Breakdown breakdown)
    {
        var categories = breakdown.Categories.Select(breakdown.CsvColumn).ToList();
        return string.Join(',', new[] { "region_code", "region_name", "level", "parent_code", "measure", "total", "denominator" }
            .Concat(categories).Concat(categories.Select(c => c + "_share")));
    }

    public static void WriteRow(TextWriter writer, RegionStatistics region, Measure measure, Breakdown breakdown)
    {
        var counts = breakdown.Counts(region, measure);
        var denominator = counts.Sum();
        writer.Write(region.RegionCode);
        writer.Write(',');
        WriteField(writer, region.Name);
        writer.Write(',');
        writer.Write(GeoLevels.FromDepth(region.Level).ApiName());
        writer.Write(',');
        writer.Write(region.ParentCode);
        writer.Write(',');
        writer.Write(measure.ApiName());
        writer.Write(',');
        writer.Write(region.Total(measure).ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(denominator.ToString(CultureInfo.InvariantCulture));
        foreach (var count in counts)
        {
            writer.Write(',');
            writer.Write(count.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var count in counts)
        {
            writer.Write(',');
            writer.Write(StatisticsRows.Share(count, denominator)?.ToString("0.######", CultureInfo.InvariantCulture));
        }
        writer.Write("\r\n");
    }

    public static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\""));
        writer.Write('"');
    }
}
