namespace Regsosek.Data.Regions;

/// <summary>Administrative level; the numeric value is the number of dotted parts in a code.</summary>
public enum RegionLevel
{
    Province = 1,
    Regency = 2,
    District = 3,
    Village = 4,
}

public static class RegionLevels
{
    public static string ToApiName(this RegionLevel level) => level switch
    {
        RegionLevel.Province => "province",
        RegionLevel.Regency => "regency",
        RegionLevel.District => "district",
        RegionLevel.Village => "village",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static bool TryParseApiName(string? value, out RegionLevel level)
    {
        foreach (var candidate in Enum.GetValues<RegionLevel>())
        {
            if (string.Equals(candidate.ToApiName(), value, StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }
        level = default;
        return false;
    }

    public const string ApiNames = "province, regency, district, village";
}
