namespace Regsosek.Pipeline.Import;

/// <param name="Rows">Families imported into the release.</param>
/// <param name="Quarantined">Bad rows written to <paramref name="RejectFile"/> instead (only with MaxErrors &gt; 0).</param>
/// <param name="RejectFile">The reject file, or null when no row was quarantined (no file is written then).</param>
/// <param name="Report">The quarantined rows' errors; empty when there were none.</param>
public sealed record ImportResult(
    int ReleaseId, string Release, long Rows, long Quarantined, string? RejectFile, ImportReport Report, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? (Rows + Quarantined) / Elapsed.TotalSeconds : 0;
}
