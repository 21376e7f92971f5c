using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>A breakdown's rows as CSV, in the one format the bulk files share (<see cref="CsvTable"/>).</summary>
public static class StatisticsCsv
{
    public const string ContentType = CsvTable.ContentType;

    /// <summary>A page is bounded (limit), so it is rendered whole and sent in one asynchronous write.</summary>
    public static async Task WriteAsync(HttpResponse response, string header, Action<TextWriter> writeRows)
    {
        response.ContentType = ContentType;
        var csv = new StringWriter();
        csv.Write(header + "\r\n");
        writeRows(csv);
        await response.WriteAsync(csv.ToString(), System.Text.Encoding.UTF8);
    }

    public static string Header(Breakdown breakdown) => breakdown.Csv.Header;

    public static void WriteRow(TextWriter writer, string release, RegionStatistics region, Measure measure, Breakdown breakdown) =>
        breakdown.Csv.WriteRow(writer, release, region, measure);

    public static void WriteField(TextWriter writer, string value) => CsvTable.WriteField(writer, value);
}
