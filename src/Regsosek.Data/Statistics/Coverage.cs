using Regsosek.Data.Regions;

namespace Regsosek.Data.Statistics;

/// <summary>
/// How much of a region a release's microdata covers (stats.region_stat.coverage). A region outside the coverage has
/// no published counts at all (null, never 0); a region only part of whose villages are covered has counts of the
/// covered part only.
/// </summary>
public enum RegionCoverage : short
{
    /// <summary>No village of the region is covered: its counts are not published (null).</summary>
    None = 0,

    /// <summary>Some villages below the region are covered, others not: its counts are those of the covered part.</summary>
    Partial = 1,

    /// <summary>Every village of the region is covered: its counts are complete, and a 0 is a real 0.</summary>
    Full = 2,
}

public static class Coverage
{
    /// <summary>The API's names of the coverage values, in the order of <see cref="RegionCoverage"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "partial", "full"];

    public static string ApiName(this RegionCoverage coverage) => Names[(int)coverage];

    /// <summary>What the release resource says about coverage, in one place for the API and the docs.</summary>
    public const string Statement =
        "The release holds the microdata of these regions (ID: all of Indonesia) and of every region below them. " +
        "Each statistics row says its coverage: full (counts complete, a 0 is a real 0), partial (some regions below it " +
        "are not covered: the counts are those of the covered part only) or none (not covered: counts are null, empty in " +
        "CSV, and JSON-stat marks the values with status \"not covered\"; never 0).";

    /// <summary>
    /// Parses a declared coverage (the import's --coverage): region codes separated by commas, blanks around them
    /// ignored. Codes are returned in code order without repeats, and a code below another listed code is dropped
    /// (18.71 adds nothing to 18). Null with an error when a code is not a region code or the list is empty.
    /// </summary>
    public static IReadOnlyList<string>? Parse(string? text, out string? error)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in (text ?? "").Split(','))
        {
            var code = part.Trim();
            if (!RegionCode.TryParse(code, out _))
            {
                error = code.Length == 0
                    ? "coverage lists no region code (expected codes separated by commas, e.g. 18,17.01)"
                    : $"coverage: '{code}' is not a region code ({RegionCode.PatternDescription})";
                return null;
            }
            codes.Add(code);
        }
        error = null;
        return codes.Where(c => !codes.Any(other => IsWithin(c, other) && c != other)).ToList();
    }

    /// <summary>True when <paramref name="code"/> is <paramref name="area"/> or lies below it (18.71.01 within 18).</summary>
    public static bool IsWithin(string code, string area) =>
        area == StatisticsStore.National
        || code == area
        || (code.Length > area.Length && code.StartsWith(area, StringComparison.Ordinal) && code[area.Length] == '.');

    /// <summary>
    /// The coverage of one region given the covered codes, when every region has villages: full when it is covered or
    /// below a covered code, partial when a covered code lies below it, none otherwise. The publisher computes the
    /// same in SQL from the villages themselves (so a region all of whose children are covered is full too).
    /// </summary>
    public static RegionCoverage Of(string region, IReadOnlyCollection<string> covered)
    {
        if (covered.Any(c => IsWithin(region, c)))
        {
            return RegionCoverage.Full;
        }
        return covered.Any(c => IsWithin(c, region)) ? RegionCoverage.Partial : RegionCoverage.None;
    }
}
