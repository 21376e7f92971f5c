namespace Regsosek.Pipeline.Import;

/// <summary>The file's content was refused as a whole; the transaction was rolled back and nothing was imported.</summary>
public sealed class ImportRejectedException(string message, ImportReport report) : Exception(message)
{
    public ImportReport Report { get; } = report;
}
