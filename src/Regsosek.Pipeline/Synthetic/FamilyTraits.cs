namespace Regsosek.Pipeline.Synthetic;

/// <summary>
/// Demographic tables conditioned on tier (0 = extreme_poor .. 3 = upper_middle). The shapes are
/// plausible rather than fitted: Regsosek "keluarga" average ~3.4 members, a bit below Susenas
/// household size, and poorer families are larger; ~13-14% of heads are women, mostly older and
/// often living alone; ~4% of families report a disability, more among the poor and the old.
/// </summary>
internal static class FamilyTraits
{
    public const int TierCount = 4;

    private static readonly double[] TargetMeanMembers = [4.4, 4.1, 3.7, 3.3];

    // Elderly and young singles exist in every tier; the Poisson part alone would make them too rare for poor families.
    private const double ExtraSingleShare = 0.06;

    /// <summary>Cumulative distribution of (members - 1) per tier.</summary>
    public static readonly double[][] MembersCumulative = new double[TierCount][];

    /// <summary>Exact means of the tables above; the poverty model needs them to turn person rates into family shares.</summary>
    public static readonly double[] MeanMembers = new double[TierCount];

    // Rows: members 1, 2, 3-4, 5+. Singles and couples skew old (widows, empty nests) or young; big families peak at 35-54.
    private static readonly double[][] AgeWeights =
    [
        [8, 14, 10, 13, 20, 35],
        [6, 14, 8, 14, 26, 32],
        [3, 24, 30, 23, 13, 7],
        [1, 12, 34, 31, 15, 7],
    ];

    public static readonly double[][] AgeCumulative = AgeWeights.Select(Cumulate).ToArray();

    private static readonly double[] FemaleByAge = [0.08, 0.04, 0.055, 0.08, 0.13, 0.22];
    private static readonly double[] FemaleByMembersBucket = [2.6, 1.5, 1.0, 0.9];
    private static readonly double[] FemaleByTier = [1.5, 1.3, 1.12, 1.0];

    private static readonly double[] DisabilityByAge = [0.015, 0.018, 0.022, 0.032, 0.05, 0.10];
    private static readonly double[] DisabilityByTier = [1.8, 1.5, 1.2, 1.0];

    static FamilyTraits()
    {
        for (var t = 0; t < TierCount; t++)
        {
            // Shifted Poisson plus an extra point mass at one member, solved so the mean hits the target.
            var lambda = (TargetMeanMembers[t] - 1.0) / (1.0 - ExtraSingleShare);
            var weights = new double[FamilyDomain.MaxMembers];
            var p = Math.Exp(-lambda);
            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = (1.0 - ExtraSingleShare) * p + (k == 0 ? ExtraSingleShare : 0.0);
                p *= lambda / (k + 1);
            }
            MembersCumulative[t] = Cumulate(weights);
            var total = weights.Sum();
            MeanMembers[t] = weights.Select((w, k) => w * (k + 1)).Sum() / total;
        }
    }

    public static int MembersBucket(int members) => members switch { 1 => 0, 2 => 1, <= 4 => 2, _ => 3 };

    public static double FemaleHeadProbability(int tier, int ageGroup, int membersBucket) =>
        Math.Min(0.9, FemaleByAge[ageGroup] * FemaleByMembersBucket[membersBucket] * FemaleByTier[tier]);

    public static double DisabilityProbability(int tier, int ageGroup) =>
        DisabilityByAge[ageGroup] * DisabilityByTier[tier];


    /// <summary>Normalised running sum whose last element is exactly 1 so a draw in [0,1) always lands.</summary>
    public static double[] Cumulate(double[] weights)
    {
        var total = weights.Sum();
        var cumulative = new double[weights.Length];
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            cumulative[i] = running / total;
        }
        cumulative[^1] = 1.0;
        return cumulative;
    }
}
