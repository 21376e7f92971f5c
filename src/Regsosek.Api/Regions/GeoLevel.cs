using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>
/// A level as the API speaks of it: Indonesia as a whole (national) above the four administrative levels. The number
/// is the depth the database stores (0 national, 1 province .. 4 village; a region code has that many dotted parts),
/// so the data layer's shorts and <see cref="RegionLevel"/> become a GeoLevel here, at the edge, and nowhere else.
/// </summary>
public enum GeoLevel : short
{
    National = 0,
    Province = 1,
    Regency = 2,
    District = 3,
    Village = 4,
}

public static class GeoLevels
{
    /// <summary>The levels that have regions, top down: what level= may name.</summary>
    public static IReadOnlyList<GeoLevel> Regional { get; } = [GeoLevel.Province, GeoLevel.Regency, GeoLevel.District, GeoLevel.Village];

    public static string ApiName(this GeoLevel level) => level switch
    {
        GeoLevel.National => "national",
        GeoLevel.Province => "province",
        GeoLevel.Regency => "regency",
        GeoLevel.District => "district",
        GeoLevel.Village => "village",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>A regional level by its API name, case-insensitively; null for anything else (national included).</summary>
    public static GeoLevel? FromApiName(string? name) =>
        Regional.Where(level => string.Equals(level.ApiName(), name, StringComparison.OrdinalIgnoreCase)).Cast<GeoLevel?>().FirstOrDefault();

    /// <summary>A level as the database stores it with regions and published statistics.</summary>
    public static GeoLevel FromDepth(short depth) =>
        depth is >= (short)GeoLevel.National and <= (short)GeoLevel.Village ? (GeoLevel)depth : throw new ArgumentOutOfRangeException(nameof(depth));

    public static GeoLevel Of(RegionCode code) => (GeoLevel)(short)code.Level;

    public static RegionLevel ToRegionLevel(this GeoLevel level) =>
        level == GeoLevel.National ? throw new ArgumentOutOfRangeException(nameof(level), "national is not a region level") : (RegionLevel)(short)level;

    /// <summary>The level one down; null below villages.</summary>
    public static GeoLevel? Below(this GeoLevel level) => level == GeoLevel.Village ? null : level + 1;
}
