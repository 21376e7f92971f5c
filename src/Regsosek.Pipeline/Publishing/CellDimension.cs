namespace Regsosek.Pipeline.Publishing;

/// <summary>
/// The publisher's cells (pub_cell.dim, with pub_cell.cat): per welfare tier (cat 1..4), per national decile
/// (cat 1..10), and all families of a region (cat 0).
/// </summary>
internal static class CellDimension
{
    public const string Tier = "t";
    public const string Decile = "d";
    public const string All = "a";
}
