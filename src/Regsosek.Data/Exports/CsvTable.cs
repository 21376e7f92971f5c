using System.Globalization;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Data.Exports;

/// <summary>
/// The CSV of a statistics table: RFC 4180, UTF-8, CRLF, a header row, quotes only where a field needs them, one row per
/// region and measure, each naming the release it comes from (a file or page saved apart still says what it holds).
/// One definition for the API's pages and the bulk files the publisher makes, so a row reads the
/// same wherever it is downloaded. Codes are written as they are (18.10): a spreadsheet must read them as text (the
/// CSVW metadata says so).
/// </summary>
public sealed class CsvTable
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>The columns before the categories, in order (declared first: the tables below are built from it).</summary>
    public static IReadOnlyList<string> LeadingColumns { get; } = ["release", "region_code", "region_name", "level", "parent_code", "measure", "total", "denominator"];

    public static CsvTable Tiers { get; } = new("tiers", ["extreme_poor", "poor", "vulnerable", "upper_middle"], (r, m) => r.ByTier(m));

    public static CsvTable Deciles { get; } = new("deciles",
        Enumerable.Range(1, 10).Select(d => "decile_" + d.ToString(CultureInfo.InvariantCulture)).ToList(), (r, m) => r.ByDecile(m));

    public static IReadOnlyList<CsvTable> All { get; } = [Tiers, Deciles];

    /// <summary>The column after the shares: full, partial or none (a region not covered has every count and share empty).</summary>
    public const string CoverageColumn = "coverage";

    private readonly Func<RegionStatistics, Measure, int[]?> _counts;

    private CsvTable(string name, IReadOnlyList<string> categoryColumns, Func<RegionStatistics, Measure, int[]?> counts)
    {
        Name = name;
        CategoryColumns = categoryColumns;
        _counts = counts;
        Columns = [.. LeadingColumns, .. categoryColumns, .. categoryColumns.Select(c => c + "_share"), CoverageColumn];
        Header = string.Join(',', Columns);
    }

    /// <summary>tiers or deciles: the table's name in paths and file names.</summary>
    public string Name { get; }

    /// <summary>One count column per category, poorest first; each has a share column after all the counts.</summary>
    public IReadOnlyList<string> CategoryColumns { get; }

    public IReadOnlyList<string> Columns { get; }

    public string Header { get; }

    /// <summary>The published counts, poorest first; null for a region the release does not cover.</summary>
    public int[]? Counts(RegionStatistics region, Measure measure) => _counts(region, measure);

    /// <summary>Shares divide published counts by their published sum, so they add up to 1 (rounding aside) and use nothing unpublished.</summary>
    public static double? Share(int count, int denominator) => denominator == 0 ? null : Math.Round((double)count / denominator, 6);

    public static string MeasureName(Measure measure) => measure == Measure.Families ? "families" : "persons";

    /// <summary>A level as the API names it: national for Indonesia, then the four administrative levels.</summary>
    public static string LevelName(short depth) => depth == 0 ? "national" : ((RegionLevel)depth).ToApiName();

    public void WriteRow(TextWriter writer, string release, RegionStatistics region, Measure measure)
    {
        // A region not covered has no counts: empty cells, never 0.
        var counts = Counts(region, measure);
        var denominator = counts?.Sum();
        WriteField(writer, release);
        writer.Write(',');
        writer.Write(region.RegionCode);
        writer.Write(',');
        WriteField(writer, region.Name);
        writer.Write(',');
        writer.Write(LevelName(region.Level));
        writer.Write(',');
        writer.Write(region.ParentCode);
        writer.Write(',');
        writer.Write(MeasureName(measure));
        writer.Write(',');
        writer.Write(region.Total(measure)?.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(denominator?.ToString(CultureInfo.InvariantCulture));
        if (counts is null)
        {
            writer.Write(new string(',', 2 * CategoryColumns.Count));
        }
        else
        {
            foreach (var count in counts)
            {
                writer.Write(',');
                writer.Write(count.ToString(CultureInfo.InvariantCulture));
            }
            foreach (var count in counts)
            {
                writer.Write(',');
                writer.Write(Share(count, denominator!.Value)?.ToString("0.######", CultureInfo.InvariantCulture));
            }
        }
        writer.Write(',');
        writer.Write(region.Coverage.ApiName());
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
