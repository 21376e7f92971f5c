using Regsosek.Data.Tables;
using Regsosek.Pipeline.Publishing;

namespace Regsosek.Tests.Disclosure;

/// <summary>Which tables the publisher groups from the families or partials, and which it sums from those tables' cells.</summary>
public class CellAggregationPlanTests
{
    private static readonly short Tier = TableVariables.Tier.Bit;
    private static readonly short Decile = TableVariables.Decile.Bit;
    private static readonly short Disability = TableVariables.Disability.Bit;

    [Fact]
    public void With_the_fixed_tables_only_tiers_and_deciles_are_grouped_and_the_total_is_summed_from_the_tiers()
    {
        var (largest, smaller) = CellAggregation.Plan(CellAggregation.Masks(0));

        Assert.Equal([Decile, Tier], largest.Order());
        Assert.Equal([((short)0, Tier)], smaller);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Only_tables_inside_no_other_are_grouped_and_each_other_is_summed_from_the_smallest_grouped_table_holding_it(int limit)
    {
        var masks = CellAggregation.Masks(limit);
        var (largest, smaller) = CellAggregation.Plan(masks);

        Assert.Equal(masks.Order(), largest.Concat(smaller.Select(s => s.Mask)).Order());
        Assert.All(largest, mask => Assert.DoesNotContain(masks, other => other != mask && (other & mask) == mask));
        Assert.All(smaller, s =>
        {
            Assert.Contains(s.From, largest);
            Assert.Equal(s.Mask, (short)(s.From & s.Mask));
            Assert.All(largest.Where(top => (top & s.Mask) == s.Mask), top => Assert.True(Cells(s.From) <= Cells(top)));
        });
    }

    [Fact]
    public void Tiers_of_a_district_are_summed_from_tier_by_disability_8_cells_a_district_not_tier_by_decile_40()
    {
        var (_, smaller) = CellAggregation.Plan(CellAggregation.Masks(2));

        Assert.Equal((short)(Tier | Disability), smaller.Single(s => s.Mask == Tier).From);
    }

    private static int Cells(short mask) =>
        TableVariables.All.Where(v => (mask & v.Bit) != 0).Aggregate(1, (cells, v) => cells * v.Categories.Count);
}
