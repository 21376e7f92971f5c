using Regsosek.Data.Regions;

namespace Regsosek.Pipeline.Regions;

public sealed record RegionRow(string Code, string? ParentCode, RegionLevel Level, string Name, string Kind)
{
    public string SearchName { get; } = NameFolding.Fold(Name);
}
