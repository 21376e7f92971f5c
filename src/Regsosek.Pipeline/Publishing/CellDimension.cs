namespace Regsosek.Pipeline.Publishing;

/// <summary>
/// The fixed tables' masks in pub_cell.variables, as SQL literals (the bits of TableVariables): per welfare tier,
/// per national decile, and all families of a region.
/// </summary>
internal static class CellDimension
{
    public const string Tier = "32";
    public const string Decile = "16";
    public const string All = "0";
}
