namespace Regsosek.Pipeline.Import;

/// <summary>The first <see cref="MaxListed"/> errors in line order, and how many there were of each reason.</summary>
public sealed record ImportReport(IReadOnlyList<ImportError> Errors, IReadOnlyDictionary<ImportErrorReason, long> Counts)
{
    public const int MaxListed = 100;

    public long TotalErrors => Counts.Values.Sum();
}
