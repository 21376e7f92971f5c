using Regsosek.Api.Releases;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>The categories a table splits the total into.</summary>
public enum Breakdown
{
    Tiers,
    Deciles,
}

public static class Breakdowns
{
    public static IReadOnlyList<Term> Categories(this Breakdown breakdown) =>
        breakdown == Breakdown.Tiers ? Vocabulary.Tiers : Vocabulary.Deciles;

    public static int[] Counts(this RegionStatistics region, Measure measure, Breakdown breakdown) =>
        breakdown == Breakdown.Tiers ? region.ByTier(measure) : region.ByDecile(measure);

    public static string ApiName(this Breakdown breakdown) => breakdown == Breakdown.Tiers ? "tiers" : "deciles";

    /// <summary>Shares divide published counts by their published sum, so they add up to 1 (rounding aside) and use nothing unpublished.</summary>
    public static double? Share(int count, int denominator) => denominator == 0 ? null : Math.Round((double)count / denominator, 6);
}
