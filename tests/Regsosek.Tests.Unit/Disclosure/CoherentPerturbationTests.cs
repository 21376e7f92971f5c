using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Tests.Disclosure;

/// <summary>The coherent perturbation (rule 7) as generated, checked against its promises without a database.</summary>
public class CoherentPerturbationTests
{
    /// <summary>Families D, V, js and persons D, V, js: the release presets, and other shapes of the two measures.</summary>
    private static readonly (int Df, double Vf, int Jf, int Dp, double Vp, int Jp)[] Shapes =
    [
        (5, 3.0, 2, 8, 6.0, 2),
        (3, 1.0, 1, 3, 1.0, 1),
        (4, 2.0, 3, 6, 2.5, 4),
        (2, 1.0, 0, 10, 5.0, 5),
        (8, 6.0, 2, 5, 3.0, 2),
    ];

    /// <summary>Each shape with the noise stopping short of −D (every release since) and reaching it (releases published before).</summary>
    public static TheoryData<int, double, int, int, double, int, bool> Parameters
    {
        get
        {
            var data = new TheoryData<int, double, int, int, double, int, bool>();
            foreach (var stopsShort in new[] { true, false })
            {
                foreach (var (df, vf, jf, dp, vp, jp) in Shapes)
                {
                    data.Add(df, vf, jf, dp, vp, jp, stopsShort);
                }
            }
            return data;
        }
    }

    private static CoherentPerturbation Generate(int df, double vf, int jf, int dp, double vp, int jp, bool stopsShort = true) =>
        CoherentPerturbation.Generate(Of(MeasureCode.Families, df, vf, jf, dp, vp, jp, stopsShort), Of(MeasureCode.Persons, df, vf, jf, dp, vp, jp, stopsShort));

    private static PerturbationParameters Of(short measure, int df, double vf, int jf, int dp, double vp, int jp, bool stopsShort) =>
        (measure == MeasureCode.Families ? new PerturbationParameters(df, vf, jf) : new PerturbationParameters(dp, vp, jp)) with { StopsShortOfMinusD = stopsShort };

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Every_pair_of_counts_each_measure_can_bring_to_zero_has_a_threshold(int df, double vf, int jf, int dp, double vp, int jp, bool stopsShort)
    {
        var table = Generate(df, vf, jf, dp, vp, jp, stopsShort);

        var (dropF, dropP) = stopsShort ? (df - 1, dp - 1) : (df, dp);
        var expected = from nf in Enumerable.Range(1, dropF) from np in Enumerable.Range(nf, Math.Max(0, dropP - nf + 1)) select (nf, np);
        Assert.Equal(expected, table.ZeroThresholds.Select(t => (t.Families, t.Persons)));
        Assert.All(table.ZeroThresholds, t => Assert.InRange(t.Bound, 0, PtableFacts.KeySpace));
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void A_part_is_never_less_likely_to_be_zero_than_its_whole(int df, double vf, int jf, int dp, double vp, int jp, bool stopsShort)
    {
        // A whole has the part's families and persons and more: k more families bring at least k more persons. Its zero key
        // is at least the part's, so the whole can be 0 only if the part is when the per-family threshold never grows.
        var bounds = Generate(df, vf, jf, dp, vp, jp, stopsShort).ZeroThresholds.ToDictionary(t => (t.Families, t.Persons), t => t.Bound);
        foreach (var ((nf, np), bound) in bounds)
        {
            if (bounds.TryGetValue((nf, np + 1), out var morePersons))
            {
                Assert.True(morePersons <= bound, $"({nf}, {np + 1}) {morePersons} above ({nf}, {np}) {bound}");
            }
            if (bounds.TryGetValue((nf + 1, np + 1), out var moreFamilies))
            {
                Assert.True(moreFamilies <= bound, $"({nf + 1}, {np + 1}) {moreFamilies} above ({nf}, {np}) {bound}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Rows_of_every_count_and_pair_tile_the_key_space_and_never_publish_zero_or_a_blocked_value(int df, double vf, int jf, int dp, double vp, int jp, bool stopsShort)
    {
        foreach (var rows in Generate(df, vf, jf, dp, vp, jp, stopsShort).Rows.GroupBy(r => (r.Measure, r.I, r.PairFamilies, r.PairPersons)))
        {
            var p = Of(rows.Key.Measure, df, vf, jf, dp, vp, jp, stopsShort);
            var ordered = rows.OrderBy(r => r.LowerBound).ToList();
            Assert.Equal(0, ordered[0].LowerBound);
            Assert.Equal((long)PtableFacts.KeySpace, ordered[^1].UpperBound);
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.Equal(pair.First.UpperBound, pair.Second.LowerBound));
            Assert.Equal(1.0, ordered.Sum(r => r.Probability), 1e-9);
            Assert.All(ordered, r =>
            {
                Assert.InRange(r.Noise, stopsShort ? 1 - p.MaxNoise : -p.MaxNoise, p.MaxNoise);
                // 0 is decided by the zero key alone, so no row may publish it; 1..js and negatives are never published.
                Assert.True(r.I + r.Noise > p.SmallCountThreshold, $"{rows.Key}: noise {r.Noise} publishes {r.I + r.Noise}");
            });
        }
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Counts_that_can_never_be_zero_are_perturbed_by_the_plain_table(int df, double vf, int jf, int dp, double vp, int jp, bool stopsShort)
    {
        var table = Generate(df, vf, jf, dp, vp, jp, stopsShort);
        foreach (var measure in new[] { MeasureCode.Families, MeasureCode.Persons })
        {
            var p = Of(measure, df, vf, jf, dp, vp, jp, stopsShort);
            var plain = PerturbationTable.Generate(p).Where(r => r.I > p.MaxDrop).Select(r => (r.I, r.Noise, r.LowerBound, r.UpperBound));
            var uncoupled = table.Rows.Where(r => r.Measure == measure && r.PairFamilies == 0 && r.I > p.MaxDrop)
                .Select(r => (r.I, r.Noise, r.LowerBound, r.UpperBound));
            Assert.Equal(plain, uncoupled);
        }
    }

    [Fact]
    public void Each_measure_stays_mean_zero_wherever_its_bounds_allow_and_the_bias_left_is_stated()
    {
        var table = Generate(5, 3.0, 2, 8, 6.0, 2);
        var rows = table.Rows.ToLookup(r => (r.Measure, r.I, r.PairFamilies, r.PairPersons));
        foreach (var effect in table.Effects)
        {
            double Expected(short measure, int n) =>
                (1 - effect.ZeroChance) * rows[(measure, n, effect.Families, effect.Persons)].Sum(r => r.Noise * r.Probability) - effect.ZeroChance * n;
            Assert.Equal(effect.FamiliesBias, Expected(MeasureCode.Families, effect.Families), 1e-9);
            Assert.Equal(effect.PersonsBias, Expected(MeasureCode.Persons, effect.Persons), 1e-9);
        }
        // One family of up to four persons and two families of up to six can be 0 often enough for families and rarely
        // enough for persons: both unbiased. One family of five or more persons cannot: the smallest total bias is taken.
        Assert.All(table.Effects.Where(e => e.Families == 1 && e.Persons <= 4 || e.Families == 2 && e.Persons <= 6 || e.Families >= 3), e =>
        {
            Assert.Equal(0, e.FamiliesBias, 1e-9);
            Assert.Equal(0, e.PersonsBias, 1e-9);
        });
        var oneLargeFamily = table.Effects.Where(e => e.Families == 1 && e.Persons >= 5).ToList();
        Assert.All(oneLargeFamily, e => Assert.InRange(e.FamiliesBias + Math.Abs(e.PersonsBias), 0.1, 0.5));
    }

    [Fact]
    public void One_or_two_families_of_more_persons_than_persons_noise_can_remove_are_shown_at_three_or_more()
    {
        // Persons above D can never be 0, so neither can the families: their only targets are 3 and up.
        var families = Generate(5, 3.0, 2, 8, 6.0, 2).Rows.Where(r => r.Measure == MeasureCode.Families && r.PairFamilies == 0).ToList();
        Assert.Equal([2], families.Where(r => r.I == 1).Select(r => r.Noise));
        Assert.Equal([1], families.Where(r => r.I == 2).Select(r => r.Noise));
    }

    [Fact]
    public void The_zero_chance_of_a_pair_follows_from_its_threshold()
    {
        var table = Generate(5, 3.0, 2, 8, 6.0, 2);
        var bounds = table.ZeroThresholds.ToDictionary(t => (t.Families, t.Persons), t => t.Bound);
        Assert.All(table.Effects, e => Assert.Equal(Math.Pow(bounds[(e.Families, e.Persons)] / PtableFacts.KeySpace, e.Families), e.ZeroChance, 12));
        // A lone family of one person is 0 about as often as the plain tables would have it (0.73 families, 0.75 persons).
        Assert.InRange(table.Effects.Single(e => e is { Families: 1, Persons: 1 }).ZeroChance, 0.73, 0.76);
    }
}
