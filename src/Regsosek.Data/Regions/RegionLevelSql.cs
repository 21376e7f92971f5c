namespace Regsosek.Data.Regions;

/// <summary>
/// The region levels as SQL literals, for the raw-string SQL constants: a constant string can hold another string but
/// cannot format a number, so the values of <see cref="RegionLevel"/> are written out again here (a test keeps the two
/// equal).
/// </summary>
public static class RegionLevelSql
{
    /// <summary>Indonesia's row in stats.region_stat (code <c>ID</c>); no <see cref="RegionLevel"/>.</summary>
    public const string National = "0";
    public const string Province = "1";
    public const string Regency = "2";
    public const string District = "3";
    public const string Village = "4";
}
