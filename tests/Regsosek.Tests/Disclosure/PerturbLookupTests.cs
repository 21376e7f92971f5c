using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Tests.Disclosure;

public class PerturbLookupTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(2147483648u)]
    [InlineData(uint.MaxValue)]
    public void Zero_is_always_published_as_zero(uint cellKey)
    {
        var p = PerturbationParameters.Families;
        var table = PerturbationTable.Generate(p);

        Assert.Equal(0, PerturbationTable.Perturb(table, p.MaxRowIndex, 0, cellKey));
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Published_values_are_never_small_or_negative_and_stay_within_max_noise(int d, double v, int js, int maxRowIndex)
    {
        var p = PtableFacts.Parameters(d, v, js, maxRowIndex);
        var table = PerturbationTable.Generate(p);
        var random = new Random(20240601);

        for (var n = 0L; n <= 50; n++)
        {
            for (var draw = 0; draw < 2000; draw++)
            {
                var cellKey = (uint)random.NextInt64(0, 1L << 32);
                var published = PerturbationTable.Perturb(table, p.MaxRowIndex, n, cellKey);

                Assert.True(published == 0 || published > js, $"n={n} key={cellKey} published {published}");
                Assert.InRange(published, n - d, n + d);
            }
        }
    }

    [Fact]
    public void Keys_at_interval_edges_select_their_own_row()
    {
        var p = PerturbationParameters.Persons;
        var table = PerturbationTable.Generate(p);

        foreach (var row in table)
        {
            Assert.Equal(row.I + row.Noise, PerturbationTable.Perturb(table, p.MaxRowIndex, row.I, (uint)row.LowerBound));
            Assert.Equal(row.I + row.Noise, PerturbationTable.Perturb(table, p.MaxRowIndex, row.I, (uint)(row.UpperBound - 1)));
        }
    }

    [Fact]
    public void Counts_above_the_maximum_row_index_use_its_row()
    {
        var p = PerturbationParameters.Families;
        var table = PerturbationTable.Generate(p);

        foreach (var row in table.Where(r => r.I == p.MaxRowIndex))
        {
            Assert.Equal(100_000 + row.Noise, PerturbationTable.Perturb(table, p.MaxRowIndex, 100_000, (uint)row.LowerBound));
        }
    }

    [Fact]
    public void Key_shares_reproduce_the_row_probabilities()
    {
        // Sweeping keys at a fixed stride counts how often each noise is drawn; it must match p to the
        // stride's resolution, which ties the integer bounds back to the probabilities end to end.
        var p = PerturbationParameters.Families;
        var table = PerturbationTable.Generate(p);
        const long stride = 1 << 14;

        foreach (var group in table.GroupBy(r => r.I))
        {
            var counts = new Dictionary<int, long>();
            for (var key = 0L; key < 1L << 32; key += stride)
            {
                var noise = PerturbationTable.Perturb(table, p.MaxRowIndex, group.Key, (uint)key) - group.Key;
                counts[noise] = counts.GetValueOrDefault(noise) + 1;
            }

            foreach (var row in group)
            {
                Assert.Equal(row.Probability, counts[row.Noise] / (double)((1L << 32) / stride), 1e-5);
            }
        }
    }

    [Fact]
    public void Negative_counts_are_rejected()
    {
        var table = PerturbationTable.Generate(PerturbationParameters.Families);

        Assert.Throws<ArgumentOutOfRangeException>(() => PerturbationTable.Perturb(table, 8, -1, 0));
    }
}
