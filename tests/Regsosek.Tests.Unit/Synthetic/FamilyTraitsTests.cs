using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Tests.Synthetic;

/// <summary>
/// The generator relates the custom tables' variables to welfare (docs/domain.md, "How the synthetic families look"), so
/// that tables by tier and a family characteristic look like a registry's: on a generated sample, each documented
/// relationship holds within its stated tolerance.
/// </summary>
public class FamilyTraitsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly FamilyRecord[] Sample = SyntheticScope.Sample;

    private static double Share(IEnumerable<FamilyRecord> families, Func<FamilyRecord, bool> trait)
    {
        var list = families as IReadOnlyCollection<FamilyRecord> ?? families.ToList();
        return list.Count(trait) / (double)list.Count;
    }

    private static IEnumerable<FamilyRecord> OfTier(string tier) => Sample.Where(f => f.Tier == tier);

    [Fact]
    public void Poorer_tiers_and_deciles_have_larger_families()
    {
        var means = FamilyDomain.Tiers.Select(t => OfTier(t).Average(f => (double)f.Members)).ToList();
        output.WriteLine("mean members by tier: " + string.Join(", ", means.Select(m => m.ToString("F2"))));
        Assert.Equal([4.4, 4.1, 3.7, 3.3], means.Select(m => Math.Round(m, 1)));
        var byDecile = Enumerable.Range(1, 10).Select(d => Sample.Where(f => f.Decile == d).Average(f => (double)f.Members)).ToList();
        output.WriteLine("mean members by decile: " + string.Join(", ", byDecile.Select(m => m.ToString("F2"))));
        Assert.True(byDecile[0] > byDecile[9] + 0.6);
        var large = FamilyDomain.Tiers.Select(t => Share(OfTier(t), f => f.Members >= 7)).ToList();
        output.WriteLine("share with 7 or more members by tier: " + string.Join(", ", large.Select(s => s.ToString("P1"))));
        Assert.True(large[0] > 2 * large[3]);
    }

    [Fact]
    public void Women_head_older_smaller_and_poorer_families()
    {
        var female = Sample.Where(f => f.HeadSex == 'F').ToList();
        var male = Sample.Where(f => f.HeadSex == 'M').ToList();
        var olderFemale = Share(female, f => f.HeadAgeGroup is "55-64" or "65+");
        var olderMale = Share(male, f => f.HeadAgeGroup is "55-64" or "65+");
        var singleFemale = Share(female, f => f.Members == 1);
        var singleMale = Share(male, f => f.Members == 1);
        var femaleByTier = FamilyDomain.Tiers.Select(t => Share(OfTier(t), f => f.HeadSex == 'F')).ToList();
        output.WriteLine($"heads aged 55+: women {olderFemale:P1}, men {olderMale:P1}; living alone: women {singleFemale:P1}, men {singleMale:P1}; " +
                         "women heads by tier: " + string.Join(", ", femaleByTier.Select(s => s.ToString("P1"))));
        Assert.True(olderFemale > olderMale + 0.15);
        Assert.True(singleFemale > 2 * singleMale);
        Assert.True(femaleByTier[0] > femaleByTier[3] + 0.02);
    }

    [Fact]
    public void Disability_is_more_common_among_poor_families_and_old_heads()
    {
        var byTier = FamilyDomain.Tiers.Select(t => Share(OfTier(t), f => f.Disability)).ToList();
        var byAge = FamilyDomain.HeadAgeGroups.Select(a => Share(Sample.Where(f => f.HeadAgeGroup == a), f => f.Disability)).ToList();
        output.WriteLine("disability by tier: " + string.Join(", ", byTier.Select(s => s.ToString("P1"))) +
                         "; by head age group: " + string.Join(", ", byAge.Select(s => s.ToString("P1"))));
        Assert.True(byTier[0] > 1.4 * byTier[3]);
        Assert.True(byTier.Zip(byTier.Skip(1)).All(p => p.First > p.Second));
        Assert.True(byAge[5] > 3 * byAge[1]);
    }
}
