using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>
/// The regions a keyset-paged list walks through in code order: those of one level (or of any), below one region (or
/// anywhere). A cursor can only continue such a walk from one of them; anything else was not issued for this list.
/// </summary>
public readonly record struct RegionRange(RegionCode? Within, GeoLevel? Level)
{
    public bool Contains(string code) =>
        RegionCode.TryParse(code, out var region)
        && (Level is not { } level || GeoLevels.Of(region) == level)
        && (Within is not { } within || region.Value.StartsWith(within.Value + ".", StringComparison.Ordinal));

    /// <summary>True when <paramref name="page"/> starts at the beginning or after a region of this range.</summary>
    public bool Continues(PageRequest page) => page.After is not { } after || Contains(after);
}
