namespace Regsosek.Pipeline.Synthetic;

/// <summary>What one village will produce: its family count and its tier distribution.</summary>
internal sealed record VillagePlan(VillageRef Village, long Families, double[] TierCumulative);

/// <summary>
/// Turns the village list into per-village plans. Everything is computed in ordinal code order, so the
/// plans (floating-point sums included) depend on the set of villages, never on the caller's ordering.
/// </summary>
internal static class VillagePlanner
{
    // Log-normal village sizes: most desa hold a few hundred to a couple of thousand families, with a
    // long but truncated tail; kelurahan are denser. Clamping z stops a single village swallowing a regency.
    private const double SizeSigma = 0.7;
    private const double SizeZLimit = 2.5;
    private static readonly double UrbanSizeLog = Math.Log(2.2);

    public static VillagePlan[] Plan(IReadOnlyList<VillageRef> villages, GeneratorOptions options)
    {
        var sorted = villages.OrderBy(v => v.Code, StringComparer.Ordinal).ToArray();
        var weights = new double[sorted.Length];
        var povertyNoise = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var rng = Prng.For(options.Seed, "village", sorted[i].Code);
            var sizeZ = Math.Clamp(rng.NextGaussian(), -SizeZLimit, SizeZLimit);
            weights[i] = Math.Exp((sorted[i].IsUrban ? UrbanSizeLog : 0.0) + SizeSigma * sizeZ);
            povertyNoise[i] = PovertyModel.VillageSigma * rng.NextGaussian();
        }

        var families = Apportion(weights, options.TargetFamilies);
        var logits = VillageLogits(sorted, povertyNoise, families, options.Seed);

        var plans = new VillagePlan[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            plans[i] = new VillagePlan(sorted[i], families[i], PovertyModel.FamilyTierCumulative(logits[i]));
        }
        return plans;
    }

    /// <summary>Largest-remainder apportionment so the total is exactly the target.</summary>
    private static long[] Apportion(double[] weights, long total)
    {
        var weightSum = weights.Sum();
        var counts = new long[weights.Length];
        var remainders = new double[weights.Length];
        long assigned = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var quota = total * (weights[i] / weightSum);
            counts[i] = (long)Math.Floor(quota);
            remainders[i] = quota - counts[i];
            assigned += counts[i];
        }
        var order = Enumerable.Range(0, weights.Length)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i);
        foreach (var i in order)
        {
            if (assigned >= total) break;
            counts[i]++;
            assigned++;
        }
        return counts;
    }

    private static double[] VillageLogits(VillageRef[] sorted, double[] povertyNoise, long[] families, int seed)
    {
        var logits = new double[sorted.Length];
        var start = 0;
        while (start < sorted.Length)
        {
            var province = sorted[start].Code[..2];
            var end = start;
            while (end < sorted.Length && sorted[end].Code.AsSpan(0, 2).SequenceEqual(province)) end++;

            var baseRate = PovertyModel.ProvinceBaseRate(seed, province);
            var baseLogit = PovertyModel.Logit(baseRate);
            string? regency = null;
            var regencyEffect = 0.0;
            for (var i = start; i < end; i++)
            {
                var code = sorted[i].Code;
                if (regency is null || !code.AsSpan(0, 5).SequenceEqual(regency))
                {
                    regency = code[..5];
                    regencyEffect = PovertyModel.RegencyEffect(seed, regency);
                }
                var areaShift = sorted[i].IsUrban ? PovertyModel.UrbanShift : PovertyModel.RuralShift;
                logits[i] = baseLogit + regencyEffect + areaShift + povertyNoise[i];
            }

            var offset = PovertyModel.CalibrationOffset(logits.AsSpan(start, end - start), families.AsSpan(start, end - start), baseRate);
            for (var i = start; i < end; i++) logits[i] += offset;
            start = end;
        }
        return logits;
    }
}
