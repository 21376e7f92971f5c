using Regsosek.Data.Statistics;

namespace Regsosek.Api.Releases;

/// <summary>How the counts were protected and what that means for a user, with the release-level effect per measure.</summary>
/// <param name="Method">Always "cell key method".</param>
/// <param name="Statement">The statement in English.</param>
/// <param name="StatementId">The statement in Indonesian.</param>
/// <param name="Implications">What a user must know when reading or combining the counts.</param>
/// <param name="Families">Effect on family counts over all published cells.</param>
/// <param name="Persons">Effect on person counts over all published cells.</param>
public sealed record DisclosureStatement(string Method, string Statement, string StatementId, IReadOnlyList<string> Implications,
    PerturbationEffect Families, PerturbationEffect Persons)
{
    public static DisclosureStatement For(ReleaseInfo release) => new(
        "cell key method",
        "Counts carry small random noise with mean zero, added by the cell key method (as used by ABS TableBuilder and the UK ONS) " +
        "so that no family or person can be singled out. The same cell always shows the same value.",
        "Angka diberi gangguan acak kecil berrata-rata nol dengan metode cell key agar tidak ada keluarga atau orang yang dapat dikenali. " +
        "Sel yang sama selalu menampilkan nilai yang sama.",
        [
            "The same cell shows the same value in every endpoint, format and repeated request; averaging repeated requests removes nothing.",
            "1 and 2 are never shown; 0 may stand for a small true count.",
            "Parts need not add up to totals: every total (all tiers, every parent region) is protected on its own.",
            "Shares are computed from published counts only; their denominator is stated with them.",
            "Small counts (villages, extreme-poor cells) are the least precise; aggregate regions rather than summing small cells.",
        ],
        new PerturbationEffect(release.FamiliesCellsChangedShare, release.FamiliesMeanAbsChange),
        new PerturbationEffect(release.PersonsCellsChangedShare, release.PersonsMeanAbsChange));
}

/// <param name="CellsChangedShare">Share of published cells whose value differs from the unprotected count (0-1).</param>
/// <param name="MeanAbsoluteChange">Mean absolute difference between published and unprotected counts over all cells.</param>
public sealed record PerturbationEffect(double CellsChangedShare, double MeanAbsoluteChange);
