namespace Regsosek.Pipeline.Import;

/// <summary>A validated record, in the stored encoding: tier 1..4 and age group 1..6 follow the vocabulary order.</summary>
internal readonly record struct FamilyRow(
    long FamilyKey, string VillageCode, short Tier, short Decile, short Members, char HeadSex, short HeadAgeGroup, bool Disability);
