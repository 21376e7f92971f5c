namespace Regsosek.Pipeline.Synthetic;

/// <summary>
/// Poverty rates and their mapping to tiers and deciles.
/// <para>
/// Rates are BPS person rates (Sep 2022): national 9.57%, extreme ~1.7%, urban 7.53% vs rural 12.36%,
/// Lampung 11.44%. Each village gets a logit L of its person poverty rate:
/// logit(province base) + regency noise + urban/rural shift + village noise + a per-province
/// calibration offset chosen so the person-weighted rate over the generated villages equals the base.
/// The four tiers are an ordered logit on L: P(person at or below tier) = expit(L + cut), with cuts
/// fixed so that at the national rate the person shares are 1.7% / 7.87% / 20% / rest. Poorer places
/// thus also get a larger extreme share and a thicker vulnerable band, as in BPS data.
/// </para>
/// <para>
/// Persons vs families: rates are about persons, output is families. With person shares p_t and mean
/// family size m_t per tier, the family shares are p_t/m_t normalised, exact in expectation given the
/// member tables. It ignores that the poverty line is per capita and family size is itself a cause of
/// poverty; the tier means in <see cref="FamilyTraits"/> stand in for that.
/// </para>
/// </summary>
internal static class PovertyModel
{
    public const double NationalPovertyRate = 0.0957;
    public const double NationalExtremeRate = 0.017;
    /// <summary>Persons just above the poverty line (near-poor and vulnerable); a modelling choice, not a BPS figure.</summary>
    public const double NationalVulnerableShare = 0.20;
    public const double NationalUrbanRate = 0.0753;
    public const double NationalRuralRate = 0.1236;

    /// <summary>Published province rates; every other province gets the national rate scaled by a seeded factor.</summary>
    private static readonly Dictionary<string, double> ProvinceRates = new(StringComparer.Ordinal)
    {
        ["18"] = 0.1144, // Lampung, Sep 2022
    };

    /// <summary>Provinces without a published figure vary uniformly by up to this fraction of the national rate.</summary>
    public const double ProvinceSpread = 0.40;
    public const double RegencySigma = 0.25;
    public const double VillageSigma = 0.30;
    /// <summary>Cities are somewhat less poor than their villages' urban status alone explains.</summary>
    public const double KotaShift = -0.15;

    public static readonly double UrbanShift = Logit(NationalUrbanRate) - Logit(NationalPovertyRate);
    public static readonly double RuralShift = Logit(NationalRuralRate) - Logit(NationalPovertyRate);

    private static readonly double ExtremeCut = Logit(NationalExtremeRate) - Logit(NationalPovertyRate);
    private static readonly double VulnerableCut = Logit(NationalPovertyRate + NationalVulnerableShare) - Logit(NationalPovertyRate);

    /// <summary>
    /// Cumulative decile distribution per tier. "National by construction": tiers occupy consecutive
    /// bands of the national welfare ranking sized by their national family shares, so at the national
    /// rates every decile holds 10% of families. Non-extreme tiers are then blurred by one decile either
    /// way with a doubly stochastic kernel (keeps the deciles at 10%) to mimic ranking noise; extreme
    /// poor always stay in decile 1. A single poorer province simply has more families in low deciles.
    /// </summary>
    public static readonly double[][] DecileCumulative = BuildDecileTable();

    private const double DecileBlur = 0.3;

    public static double ProvinceBaseRate(int seed, string provinceCode) =>
        ProvinceRates.TryGetValue(provinceCode, out var rate)
            ? rate
            : NationalPovertyRate * (1.0 + ProvinceSpread * Prng.For(seed, "province", provinceCode).NextSigned());

    public static double RegencyEffect(int seed, string regencyCode)
    {
        var isKota = int.Parse(regencyCode.AsSpan(3, 2)) >= 71;
        return RegencySigma * Prng.For(seed, "regency", regencyCode).NextGaussian() + (isKota ? KotaShift : 0.0);
    }

    /// <summary>Person shares per tier, cumulative (extreme, +poor, +vulnerable, 1).</summary>
    public static void PersonCumulative(double logit, Span<double> cumulative)
    {
        cumulative[0] = Expit(logit + ExtremeCut);
        cumulative[1] = Expit(logit);
        cumulative[2] = Expit(logit + VulnerableCut);
        cumulative[3] = 1.0;
    }

    /// <summary>Cumulative family shares per tier for a village with person-poverty logit <paramref name="logit"/>.</summary>
    public static double[] FamilyTierCumulative(double logit)
    {
        Span<double> shares = stackalloc double[FamilyTraits.TierCount];
        FamilySharesPerPerson(logit, shares);
        return FamilyTraits.Cumulate(shares.ToArray());
    }

    /// <summary>Expected persons per family and expected poor (incl. extreme) persons per family.</summary>
    public static (double Persons, double PoorPersons) ExpectedPersons(double logit)
    {
        Span<double> shares = stackalloc double[FamilyTraits.TierCount];
        var familiesPerPerson = FamilySharesPerPerson(logit, shares);
        var persons = 1.0 / familiesPerPerson;
        return (persons, persons * Expit(logit));
    }

    /// <summary>
    /// Offset added to every village logit of one province so that its person-weighted poverty rate
    /// equals <paramref name="targetRate"/>; without it logit noise and the urban/rural mix would bias it.
    /// </summary>
    public static double CalibrationOffset(ReadOnlySpan<double> logits, ReadOnlySpan<long> families, double targetRate)
    {
        double lo = -10, hi = 10;
        var any = false;
        foreach (var f in families) any |= f > 0;
        if (!any) return 0.0;
        // Rate is monotone in the offset, so bisection is exact enough and needs no derivatives.
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var mid = 0.5 * (lo + hi);
            double persons = 0, poor = 0;
            for (var i = 0; i < logits.Length; i++)
            {
                if (families[i] == 0) continue;
                var (p, q) = ExpectedPersons(logits[i] + mid);
                persons += families[i] * p;
                poor += families[i] * q;
            }
            if (poor / persons < targetRate) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    public static double Logit(double p) => Math.Log(p / (1.0 - p));

    public static double Expit(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>Writes family shares (normalised) and returns families per person.</summary>
    private static double FamilySharesPerPerson(double logit, Span<double> shares)
    {
        Span<double> cumulative = stackalloc double[FamilyTraits.TierCount];
        PersonCumulative(logit, cumulative);
        var total = 0.0;
        for (var t = 0; t < shares.Length; t++)
        {
            var personShare = cumulative[t] - (t == 0 ? 0.0 : cumulative[t - 1]);
            shares[t] = personShare / FamilyTraits.MeanMembers[t];
            total += shares[t];
        }
        for (var t = 0; t < shares.Length; t++) shares[t] /= total;
        return total;
    }

    private static double[][] BuildDecileTable()
    {
        Span<double> shares = stackalloc double[FamilyTraits.TierCount];
        FamilySharesPerPerson(Logit(NationalPovertyRate), shares);

        var table = new double[FamilyTraits.TierCount][];
        var bandStart = 0.0;
        for (var t = 0; t < table.Length; t++)
        {
            var bandEnd = t == table.Length - 1 ? 1.0 : bandStart + shares[t];
            var weights = new double[10];
            for (var d = 0; d < 10; d++)
            {
                var overlap = Math.Min(bandEnd, (d + 1) / 10.0) - Math.Max(bandStart, d / 10.0);
                weights[d] = Math.Max(0.0, overlap);
            }
            if (t > 0) weights = Blur(weights);
            table[t] = FamilyTraits.Cumulate(weights);
            bandStart = bandEnd;
        }
        return table;
    }

    private static double[] Blur(double[] weights)
    {
        // Symmetric tridiagonal kernel with rows summing to 1: doubly stochastic, so uniform stays uniform.
        var result = new double[weights.Length];
        for (var d = 0; d < weights.Length; d++)
        {
            var stay = 1.0 - (d == 0 || d == weights.Length - 1 ? DecileBlur / 2 : DecileBlur);
            result[d] += weights[d] * stay;
            if (d > 0) result[d - 1] += weights[d] * DecileBlur / 2;
            if (d < weights.Length - 1) result[d + 1] += weights[d] * DecileBlur / 2;
        }
        return result;
    }
}
