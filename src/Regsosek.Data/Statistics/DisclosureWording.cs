namespace Regsosek.Data.Statistics;

/// <summary>
/// What a user is told about the protection of the counts: one wording for the release resource (the API's
/// DisclosureStatement) and the release sheet of the bulk xlsx files, so a file saved apart says what the API says.
/// </summary>
public static class DisclosureWording
{
    public const string Method = "cell key method";

    public const string Statement =
        "Counts carry small random noise with mean zero, added by the cell key method (as used by ABS TableBuilder and the UK ONS) " +
        "so that no family or person can be singled out. The same cell always shows the same value.";

    public const string StatementId =
        "Angka diberi gangguan acak kecil berrata-rata nol dengan metode cell key agar tidak ada keluarga atau orang yang dapat dikenali. " +
        "Sel yang sama selalu menampilkan nilai yang sama.";

    private static readonly string[] Common =
    [
        "The same cell shows the same value in every endpoint, format and repeated request; averaging repeated requests removes nothing.",
        "1 and 2 are never shown; 0 may stand for a small true count.",
        "Parts need not add up to totals: every total (all tiers, every parent region) is protected on its own.",
        "Shares are computed from published counts only; their denominator is stated with them.",
        "Small counts (villages, extreme-poor cells) are the least precise; aggregate regions rather than summing small cells.",
    ];

    private static readonly string[] Coherence =
    [
        "A cell shown as 0 families is shown as 0 persons and the reverse, and a total or region is never shown as 0 while one of its " +
        "parts is shown above 0, so a 0 never reveals what another figure hides.",
        "To keep that promise a cell of one or two families with more members than the persons noise can remove is never shown as 0, " +
        "so such cells are shown at 3 or more: family counts of very small cells lean slightly upwards (meanChange states by how much over the release).",
    ];

    /// <summary>What a user must know when reading or combining the counts of a release (coherent: published under the coherence rule).</summary>
    public static IReadOnlyList<string> Implications(bool coherent) => coherent ? [.. Common, .. Coherence] : Common;
}
