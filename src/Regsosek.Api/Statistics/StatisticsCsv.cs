using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>A breakdown's rows as CSV, in the one format the bulk files share (<see cref="CsvTable"/>).</summary>
public static class StatisticsCsv
{
    public const string ContentType = CsvTable.ContentType;

    public static string Header(Breakdown breakdown) => breakdown.Csv.Header;

    public static void WriteRow(TextWriter writer, RegionStatistics region, Measure measure, Breakdown breakdown) =>
        breakdown.Csv.WriteRow(writer, region, measure);
}
