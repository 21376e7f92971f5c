namespace Regsosek.Pipeline.Synthetic;

/// <summary>
/// Seeded, reproducible synthetic family microdata for a set of villages. No real data goes in or out:
/// the only inputs are village codes, urban flags, a seed and a total.
/// </summary>
public static class FamilyGenerator
{
    /// <summary>
    /// Lazily yields exactly <see cref="GeneratorOptions.TargetFamilies"/> families, village by village in
    /// ordinal code order (whatever the input order), keys 1..N. Arguments are validated and per-village
    /// plans built on the call; families are produced on enumeration in constant memory. Each village's
    /// families come from a random stream keyed by (seed, village code), so given the same plan a village's
    /// rows never depend on the other villages.
    /// </summary>
    /// <exception cref="ArgumentException">Malformed or duplicate village codes, negative target, or a positive target with no villages.</exception>
    public static IEnumerable<FamilyRecord> Generate(IReadOnlyList<VillageRef> villages, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(villages);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TargetFamilies);
        Validate(villages, options);
        return Stream(VillagePlanner.Plan(villages, options), options.Seed);
    }

    private static IEnumerable<FamilyRecord> Stream(VillagePlan[] plans, int seed)
    {
        var tiers = FamilyDomain.Tiers;
        var ageGroups = FamilyDomain.HeadAgeGroups;
        long key = 0;
        foreach (var plan in plans)
        {
            if (plan.Families == 0) continue;
            var code = plan.Village.Code;
            var rng = Prng.For(seed, "families", code);
            for (long n = 0; n < plan.Families; n++)
            {
                var tier = rng.Pick(plan.TierCumulative);
                var members = 1 + rng.Pick(FamilyTraits.MembersCumulative[tier]);
                var bucket = FamilyTraits.MembersBucket(members);
                var age = rng.Pick(FamilyTraits.AgeCumulative[bucket]);
                var female = rng.NextDouble() < FamilyTraits.FemaleHeadProbability(tier, age, bucket);
                var disability = rng.NextDouble() < FamilyTraits.DisabilityProbability(tier, age);
                var decile = 1 + rng.Pick(PovertyModel.DecileCumulative[tier]);
                yield return new FamilyRecord(
                    ++key, code, tiers[tier], (byte)decile, (byte)members, female ? 'F' : 'M', ageGroups[age], disability);
            }
        }
    }

    private static void Validate(IReadOnlyList<VillageRef> villages, GeneratorOptions options)
    {
        if (villages.Count == 0 && options.TargetFamilies > 0)
        {
            throw new ArgumentException("A positive family target needs at least one village.", nameof(villages));
        }
        var seen = new HashSet<string>(villages.Count, StringComparer.Ordinal);
        foreach (var village in villages)
        {
            if (village is null) throw new ArgumentException("Village list contains null.", nameof(villages));
            if (!IsVillageCode(village.Code))
            {
                throw new ArgumentException($"'{village.Code}' is not a village code NN.NN.NN.NNNN.", nameof(villages));
            }
            if (!seen.Add(village.Code))
            {
                throw new ArgumentException($"Village '{village.Code}' is listed twice.", nameof(villages));
            }
        }
    }

    private static bool IsVillageCode(string? code)
    {
        if (code is null || code.Length != 13) return false;
        for (var i = 0; i < code.Length; i++)
        {
            var ok = i is 2 or 5 or 8 ? code[i] == '.' : char.IsAsciiDigit(code[i]);
            if (!ok) return false;
        }
        return true;
    }
}
