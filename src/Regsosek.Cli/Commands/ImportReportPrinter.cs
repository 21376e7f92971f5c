using System.Globalization;
using Regsosek.Pipeline.Import;

namespace Regsosek.Cli.Commands;

/// <summary>A rejected import on stderr: why, the first errors in line order, then how many of each reason.</summary>
internal static class ImportReportPrinter
{
    public static void Print(ImportRejectedException rejection, TextWriter error)
    {
        var report = rejection.Report;
        error.WriteLine($"regsosek: {rejection.Message}");
        foreach (var line in report.Errors) error.WriteLine($"  {line}");
        var unlisted = report.TotalErrors - report.Errors.Count;
        if (unlisted > 0) error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {unlisted:N0} more"));
        error.WriteLine($"errors by reason: {Counts(report)}");
    }

    public static string Counts(ImportReport report) =>
        string.Join(", ", report.Counts.OrderBy(c => c.Key).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
}
