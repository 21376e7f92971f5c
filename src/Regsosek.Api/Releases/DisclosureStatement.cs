using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

/// <summary>How the counts were protected and what that means for a user, with the release-level effect per measure.</summary>
/// <param name="Method">Always "cell key method".</param>
/// <param name="Statement">The statement in English.</param>
/// <param name="StatementId">The statement in Indonesian.</param>
/// <param name="Implications">What a user must know when reading or combining the counts.</param>
/// <param name="Coherent">True when families and persons of a cell, and a whole and its parts, never contradict each other over a 0 (the coherence rule); false for releases published before it.</param>
/// <param name="Families">Effect on family counts over all published cells.</param>
/// <param name="Persons">Effect on person counts over all published cells.</param>
public sealed record DisclosureStatement(string Method, string Statement, string StatementId, IReadOnlyList<string> Implications,
    bool Coherent, PerturbationEffect Families, PerturbationEffect Persons)
{
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

    public static DisclosureStatement For(ReleaseInfo release) => new(
        "cell key method",
        "Counts carry small random noise with mean zero, added by the cell key method (as used by ABS TableBuilder and the UK ONS) " +
        "so that no family or person can be singled out. The same cell always shows the same value.",
        "Angka diberi gangguan acak kecil berrata-rata nol dengan metode cell key agar tidak ada keluarga atau orang yang dapat dikenali. " +
        "Sel yang sama selalu menampilkan nilai yang sama.",
        release.Coherent ? [.. Common, .. Coherence] : Common,
        release.Coherent,
        new PerturbationEffect(release.FamiliesCellsChangedShare, release.FamiliesMeanAbsChange, release.FamiliesMeanChange),
        new PerturbationEffect(release.PersonsCellsChangedShare, release.PersonsMeanAbsChange, release.PersonsMeanChange));
}

/// <param name="CellsChangedShare">Share of published cells whose value differs from the unprotected count (0-1).</param>
/// <param name="MeanAbsoluteChange">Mean absolute difference between published and unprotected counts over all cells.</param>
/// <param name="MeanChange">Mean signed difference (published minus unprotected) over all cells: what the protection leaves in sums of many cells; null for releases published before it was measured.</param>
public sealed record PerturbationEffect(double CellsChangedShare, double MeanAbsoluteChange, double? MeanChange);
