namespace Regsosek.Pipeline.Synthetic;

/// <summary>The closed vocabularies used in <see cref="FamilyRecord"/> and the CSV.</summary>
public static class FamilyDomain
{
    public const string ExtremePoor = "extreme_poor";
    public const string Poor = "poor";
    public const string Vulnerable = "vulnerable";
    public const string UpperMiddle = "upper_middle";

    /// <summary>Poorest first; array index is the internal tier number.</summary>
    public static IReadOnlyList<string> Tiers { get; } = [ExtremePoor, Poor, Vulnerable, UpperMiddle];

    /// <summary>Youngest first; array index is the internal age-group number.</summary>
    public static IReadOnlyList<string> HeadAgeGroups { get; } = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    public const int MinMembers = 1;
    public const int MaxMembers = 30;

    public const string CsvHeader = "family_key,village_code,tier,decile,members,head_sex,head_age_group,disability";
}
