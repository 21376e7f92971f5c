using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Tests.Synthetic;

public class FamilyGeneratorTests
{
    private static readonly FamilyRecord[] Sample = SyntheticScope.Sample;

    [Fact]
    public void Same_seed_gives_identical_records()
    {
        var again = FamilyGenerator.Generate(SyntheticScope.TwoProvinces, new GeneratorOptions(SyntheticScope.Seed, SyntheticScope.TargetFamilies));

        Assert.True(Sample.SequenceEqual(again));
    }

    [Fact]
    public void Different_seed_gives_different_records()
    {
        var other = FamilyGenerator.Generate(SyntheticScope.TwoProvinces, new GeneratorOptions(SyntheticScope.Seed + 1, SyntheticScope.TargetFamilies));

        Assert.False(Sample.SequenceEqual(other));
    }

    [Fact]
    public void Village_records_do_not_depend_on_the_order_of_villages()
    {
        var shuffled = SyntheticScope.TwoProvinces.ToArray();
        new Random(1).Shuffle(shuffled);
        Assert.NotEqual(SyntheticScope.TwoProvinces.Select(v => v.Code), shuffled.Select(v => v.Code));

        var fromShuffled = FamilyGenerator.Generate(shuffled, new GeneratorOptions(SyntheticScope.Seed, SyntheticScope.TargetFamilies));

        Assert.True(Sample.SequenceEqual(fromShuffled));
    }

    [Fact]
    public void Villages_are_emitted_in_code_order_with_keys_counting_from_one()
    {
        Assert.Equal(Enumerable.Range(1, Sample.Length).Select(i => (long)i), Sample.Select(f => f.FamilyKey));
        var villageOrder = Sample.Select(f => f.VillageCode).Distinct().ToList();
        Assert.Equal(villageOrder.Order(StringComparer.Ordinal), villageOrder);
    }

    [Fact]
    public void Family_keys_are_positive_and_unique()
    {
        Assert.All(Sample, f => Assert.True(f.FamilyKey > 0));
        Assert.Equal(Sample.Length, Sample.Select(f => f.FamilyKey).Distinct().Count());
    }

    [Fact]
    public void All_fields_are_within_their_domains()
    {
        var codes = SyntheticScope.TwoProvinces.Select(v => v.Code).ToHashSet();
        string[] ageGroups = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"];
        string[] tiers = ["extreme_poor", "poor", "vulnerable", "upper_middle"];

        Assert.Equal(tiers, FamilyDomain.Tiers);
        Assert.Equal(ageGroups, FamilyDomain.HeadAgeGroups);
        Assert.All(Sample, f =>
        {
            Assert.Contains(f.VillageCode, codes);
            Assert.Contains(f.Tier, tiers);
            Assert.InRange(f.Decile, 1, 10);
            Assert.InRange(f.Members, 1, 30);
            Assert.True(f.HeadSex is 'M' or 'F');
            Assert.Contains(f.HeadAgeGroup, ageGroups);
        });
    }

    [Fact]
    public void Total_families_is_within_two_percent_of_target()
    {
        // The apportionment is exact; the brief only promises +-2%.
        Assert.InRange(Sample.Length, SyntheticScope.TargetFamilies * 0.98, SyntheticScope.TargetFamilies * 1.02);
        Assert.Equal(SyntheticScope.TargetFamilies, Sample.LongLength);
    }

    [Fact]
    public void Every_village_gets_families_and_kelurahan_are_larger_on_average()
    {
        var perVillage = Sample.GroupBy(f => f.VillageCode).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(SyntheticScope.TwoProvinces.Count, perVillage.Count);
        var urban = perVillage.Where(kv => SyntheticScope.IsUrban(kv.Key)).Average(kv => kv.Value);
        var rural = perVillage.Where(kv => !SyntheticScope.IsUrban(kv.Key)).Average(kv => kv.Value);
        Assert.True(urban > 1.5 * rural, $"urban mean {urban:F0} vs rural {rural:F0}");
    }

    [Fact]
    public void Rural_villages_are_poorer_than_urban_villages()
    {
        var urban = PersonPovertyRate(Sample.Where(f => SyntheticScope.IsUrban(f.VillageCode)));
        var rural = PersonPovertyRate(Sample.Where(f => !SyntheticScope.IsUrban(f.VillageCode)));

        Assert.True(rural > urban + 0.02, $"rural {rural:P2} vs urban {urban:P2}");
    }

    [Fact]
    public void Lampung_person_poverty_rate_is_near_the_published_11_44_percent()
    {
        var rate = PersonPovertyRate(Sample.Where(f => f.VillageCode.StartsWith("18.", StringComparison.Ordinal)));

        Assert.InRange(rate, 0.0944, 0.1344);
    }

    [Fact]
    public void Extreme_poverty_among_persons_is_between_one_and_three_percent()
    {
        var persons = Sample.Sum(f => (long)f.Members);
        var extreme = Sample.Where(f => f.Tier == FamilyDomain.ExtremePoor).Sum(f => (long)f.Members);

        Assert.InRange((double)extreme / persons, 0.01, 0.03);
    }

    [Fact]
    public void Deciles_are_consistent_with_tiers()
    {
        Assert.All(Sample.Where(f => f.Tier == FamilyDomain.ExtremePoor), f => Assert.Equal(1, f.Decile));
        Assert.All(Sample.Where(f => f.Tier == FamilyDomain.Poor), f => Assert.InRange(f.Decile, 1, 2));
        Assert.All(Sample.Where(f => f.Tier == FamilyDomain.Vulnerable), f => Assert.InRange(f.Decile, 1, 4));
        Assert.All(Sample.Where(f => f.Tier == FamilyDomain.UpperMiddle), f => Assert.InRange(f.Decile, 2, 10));

        var meanDecile = FamilyDomain.Tiers.Select(t => Sample.Where(f => f.Tier == t).Average(f => f.Decile)).ToArray();
        Assert.Equal(meanDecile.Order(), meanDecile);
        Assert.True(Sample.Where(f => f.Tier == FamilyDomain.Poor).Count(f => f.Decile == 1) > Sample.Count(f => f.Tier == FamilyDomain.Poor) / 2);
        Assert.True(Sample.Where(f => f.Tier == FamilyDomain.UpperMiddle).Count(f => f.Decile >= 4) > Sample.Count(f => f.Tier == FamilyDomain.UpperMiddle) * 0.9);
    }

    [Fact]
    public void Deciles_hold_about_ten_percent_each_over_a_national_like_scope()
    {
        var families = FamilyGenerator.Generate(SyntheticScope.NationalLike, new GeneratorOptions(SyntheticScope.Seed, 200_000)).ToArray();

        var shares = Enumerable.Range(1, 10).Select(d => (double)families.Count(f => f.Decile == d) / families.Length);
        Assert.All(shares, s => Assert.InRange(s, 0.08, 0.12));
    }

    [Fact]
    public void Family_sizes_and_head_traits_are_realistic()
    {
        var mean = Sample.Average(f => (double)f.Members);
        Assert.InRange(mean, 3.3, 3.6);
        Assert.True(Sample.Count(f => f.Members <= 12) > Sample.Length * 0.999);

        var poorMean = Sample.Where(f => f.Tier is FamilyDomain.Poor or FamilyDomain.ExtremePoor).Average(f => (double)f.Members);
        var upperMean = Sample.Where(f => f.Tier == FamilyDomain.UpperMiddle).Average(f => (double)f.Members);
        Assert.True(poorMean > upperMean + 0.4, $"poor {poorMean:F2} vs upper {upperMean:F2}");

        Assert.InRange(Sample.Count(f => f.HeadSex == 'F') / (double)Sample.Length, 0.12, 0.15);

        var disability = Sample.Count(f => f.Disability) / (double)Sample.Length;
        Assert.InRange(disability, 0.03, 0.05);
        var poorDisability = Sample.Where(f => f.Tier == FamilyDomain.Poor).Average(f => f.Disability ? 1.0 : 0.0);
        Assert.True(poorDisability > disability);
    }

    [Fact]
    public void Generation_is_lazy_but_arguments_are_checked_on_the_call()
    {
        var huge = FamilyGenerator.Generate(SyntheticScope.TwoProvinces, new GeneratorOptions(1, 5_000_000_000));
        Assert.Equal(3, huge.Take(3).Count());

        Assert.Throws<ArgumentException>(() => FamilyGenerator.Generate([new VillageRef("18.71", true)], new GeneratorOptions(1, 10)));
        Assert.Throws<ArgumentException>(() => FamilyGenerator.Generate(
            [new VillageRef("18.71.01.1003", true), new VillageRef("18.71.01.1003", true)], new GeneratorOptions(1, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FamilyGenerator.Generate(SyntheticScope.TwoProvinces, new GeneratorOptions(1, -1)));
        Assert.Throws<ArgumentException>(() => FamilyGenerator.Generate([], new GeneratorOptions(1, 10)));
    }

    private static double PersonPovertyRate(IEnumerable<FamilyRecord> families)
    {
        long persons = 0, poor = 0;
        foreach (var f in families)
        {
            persons += f.Members;
            if (f.Tier is FamilyDomain.Poor or FamilyDomain.ExtremePoor) poor += f.Members;
        }
        return (double)poor / persons;
    }
}
