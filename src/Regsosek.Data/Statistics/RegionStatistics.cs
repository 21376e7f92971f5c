namespace Regsosek.Data.Statistics;

/// <summary>
/// The published (perturbed) counts of one region in one release. Arrays are indexed by tier (4, poorest first)
/// and decile (10, poorest first). Totals are perturbed from their own cell keys, so parts need not add up to them.
/// A region outside the release's coverage has every count null.
/// </summary>
public sealed class RegionStatistics
{
    /// <summary>Kemendagri code, or "ID" for Indonesia.</summary>
    public string RegionCode { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>0 Indonesia, 1 province .. 4 village.</summary>
    public short Level { get; init; }
    /// <summary>"ID" for provinces, null for Indonesia.</summary>
    public string? ParentCode { get; init; }
    /// <summary>How much of the region the release covers; counts are null exactly when it is <see cref="RegionCoverage.None"/>.</summary>
    public RegionCoverage Coverage { get; init; } = RegionCoverage.Full;
    public int? FamiliesTotal { get; init; }
    public int? PersonsTotal { get; init; }
    public int[]? FamiliesByTier { get; init; }
    public int[]? PersonsByTier { get; init; }
    public int[]? FamiliesByDecile { get; init; }
    public int[]? PersonsByDecile { get; init; }

    /// <summary>False for a region the release does not cover: it has no published counts (null, never 0).</summary>
    public bool IsCovered => Coverage != RegionCoverage.None;

    public int? Total(Measure measure) => measure == Measure.Families ? FamiliesTotal : PersonsTotal;
    public int[]? ByTier(Measure measure) => measure == Measure.Families ? FamiliesByTier : PersonsByTier;
    public int[]? ByDecile(Measure measure) => measure == Measure.Families ? FamiliesByDecile : PersonsByDecile;
}

/// <summary>Regsosek counts families; persons are the members of those families. Never mixed in one figure.</summary>
public enum Measure
{
    Families,
    Persons,
}
