namespace Regsosek.Pipeline.Synthetic;

/// <summary>One synthetic family. Nothing here describes a real person or household.</summary>
/// <param name="FamilyKey">Surrogate key, unique within one generated file; not an identifier of anything real.</param>
/// <param name="Tier">One of <see cref="FamilyDomain.Tiers"/>.</param>
/// <param name="Decile">National welfare decile 1..10, 1 = poorest.</param>
/// <param name="HeadSex">'M' or 'F'.</param>
/// <param name="HeadAgeGroup">One of <see cref="FamilyDomain.HeadAgeGroups"/>.</param>
public readonly record struct FamilyRecord(
    long FamilyKey,
    string VillageCode,
    string Tier,
    byte Decile,
    byte Members,
    char HeadSex,
    string HeadAgeGroup,
    bool Disability);
