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
    public static DisclosureStatement For(ReleaseInfo release) => new(
        DisclosureWording.Method,
        DisclosureWording.Statement,
        DisclosureWording.StatementId,
        DisclosureWording.Implications(release.Coherent),
        release.Coherent,
        new PerturbationEffect(release.FamiliesCellsChangedShare, release.FamiliesMeanAbsChange, release.FamiliesMeanChange),
        new PerturbationEffect(release.PersonsCellsChangedShare, release.PersonsMeanAbsChange, release.PersonsMeanChange));
}

/// <param name="CellsChangedShare">Share of published cells whose value differs from the unprotected count (0-1).</param>
/// <param name="MeanAbsoluteChange">Mean absolute difference between published and unprotected counts over all cells.</param>
/// <param name="MeanChange">Mean signed difference (published minus unprotected) over all cells: what the protection leaves in sums of many cells; null for releases published before it was measured.</param>
public sealed record PerturbationEffect(double CellsChangedShare, double MeanAbsoluteChange, double? MeanChange);
