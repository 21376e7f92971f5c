namespace Regsosek.Pipeline.Import;

/// <summary>
/// Collects bad rows: the first <see cref="ImportReport.MaxListed"/> by line, counts per reason, and, while
/// quarantining is still possible, the rows themselves in the reject file.
/// </summary>
internal sealed class ImportErrorLog(long maxErrors, RejectFile? rejects)
{
    private readonly List<ImportError> _listed = [];
    private readonly long[] _counts = new long[Enum.GetValues<ImportErrorReason>().Length];

    public long Total { get; private set; }

    public bool TooMany => Total > maxErrors;

    /// <summary>Whether <see cref="Add"/> will use the row's fields; when false, callers can skip building them.</summary>
    public bool WantsFields => rejects is not null && !TooMany;

    // Errors arrive in line order while reading, but duplicates are found afterwards: keep the list sorted.
    public void Add(ImportError error, IReadOnlyList<string>? fields = null)
    {
        Total++;
        _counts[(int)error.Reason]++;
        if (_listed.Count < ImportReport.MaxListed || error.Line < _listed[^1].Line)
        {
            var at = _listed.FindLastIndex(e => e.Line <= error.Line) + 1;
            _listed.Insert(at, error);
            if (_listed.Count > ImportReport.MaxListed) _listed.RemoveAt(_listed.Count - 1);
        }
        if (WantsFields) rejects!.Write(error, fields ?? []);
    }

    public ImportReport Report() => new(
        _listed.ToArray(),
        Enum.GetValues<ImportErrorReason>().Where(r => _counts[(int)r] > 0).ToDictionary(r => r, r => _counts[(int)r]));
}
