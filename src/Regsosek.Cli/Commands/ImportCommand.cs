using System.CommandLine;
using System.Globalization;
using Regsosek.Pipeline.Import;
using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Cli.Commands;

internal static class ImportCommand
{
    public const int RejectedExitCode = 2;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = $"Family CSV (gzip when it ends in .gz) with the header {FamilyDomain.CsvHeader}." };
        var release = new Option<string>("--release") { Required = true, Description = "Name of the new release (a-z, 0-9, '.', '_', '-')." };
        var referencePeriod = new Option<string>("--reference-period")
        {
            Description = "Reference period of the data.",
            DefaultValueFactory = _ => ImportOptions.DefaultReferencePeriod,
        };
        var description = new Option<string>("--description") { Description = "Free text shown with the release.", DefaultValueFactory = _ => "" };
        var maxErrors = new Option<long>("--max-errors")
        {
            Description = "Quarantine up to N bad rows in the reject file and import the rest (default 0: any bad row rejects the file).",
        };
        maxErrors.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0) result.AddError("--max-errors must be 0 or more");
        });
        var rejectFile = new Option<string>("--reject-file") { Description = "Where quarantined rows go (default FILE.rejects.csv)." };
        var coverage = new Option<string>("--coverage")
        {
            Description = "Region codes whose microdata the file holds, separated by commas (e.g. 18,17.01): every family must live " +
                          "inside them, and regions outside are published as not covered. Default: every province with a family.",
        };
        coverage.Validators.Add(result =>
        {
            if (Regsosek.Data.Statistics.Coverage.Parse(result.GetValueOrDefault<string>(), out var error) is null) result.AddError(error!);
        });

        var command = new Command("import", "Import a family microdata file as a new release, in one transaction (exit 2 when the file is rejected).")
        {
            file, release, referencePeriod, description, maxErrors, rejectFile, coverage,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ImportOptions(parse.GetRequiredValue(release))
            {
                ReferencePeriod = parse.GetValue(referencePeriod) ?? ImportOptions.DefaultReferencePeriod,
                Description = parse.GetValue(description) ?? "",
                MaxErrors = parse.GetValue(maxErrors),
                RejectFile = parse.GetValue(rejectFile),
                Coverage = parse.GetValue(coverage) is { } declared ? Regsosek.Data.Statistics.Coverage.Parse(declared, out _) : null,
            };
            await using var db = CliEnvironment.AdminDataSource();
            var progress = new ConsoleImportProgress(Console.Error, interactive: !Console.IsErrorRedirected);
            try
            {
                var result = await FamilyImporter.ImportAsync(db, parse.GetRequiredValue(file), options, progress, ct);
                progress.Finish();
                Console.Out.WriteLine(Summary(result));
                if (result.Quarantined > 0) Console.Error.WriteLine($"regsosek: quarantined by reason: {ImportReportPrinter.Counts(result.Report)}");
                return 0;
            }
            catch (ImportRejectedException e)
            {
                progress.Finish();
                ImportReportPrinter.Print(e, Console.Error);
                return RejectedExitCode;
            }
            catch
            {
                progress.Finish();
                throw;
            }
        });
        return command;
    }

    private static string Summary(ImportResult result)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"import: release {result.Release} (id {result.ReleaseId}): {result.Rows:N0} families in {result.Elapsed.TotalSeconds:F1} s ({result.RowsPerSecond:N0} rows/s)");
        return result.RejectFile is null
            ? summary
            : summary + string.Create(CultureInfo.InvariantCulture, $"; {result.Quarantined:N0} bad rows quarantined in {result.RejectFile}");
    }
}
