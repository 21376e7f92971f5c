using Regsosek.Data.Statistics;

namespace Regsosek.Tests.Statistics;

public sealed class CoverageTests
{
    [Theory]
    [InlineData("18", new[] { "18" })]
    [InlineData(" 18 , 17.01 ", new[] { "17.01", "18" })]
    [InlineData("18,18.71,18.71.01.1003,18", new[] { "18" })]
    [InlineData("18.71.01,18.71", new[] { "18.71" })]
    [InlineData("18.7,18", null)]
    [InlineData("18,,17", null)]
    [InlineData("", null)]
    [InlineData("ID", null)]
    [InlineData("1871", null)]
    public void A_declared_coverage_is_region_codes_in_code_order_without_repeats_or_codes_below_another(string text, string[]? expected)
    {
        var codes = Coverage.Parse(text, out var error);

        Assert.Equal(expected, codes);
        Assert.Equal(expected is null, error is not null);
    }

    [Fact]
    public void An_error_names_the_code_that_is_not_a_region_code()
    {
        Assert.Null(Coverage.Parse("18, 18.7x", out var error));
        Assert.Contains("'18.7x'", error);
    }

    [Theory]
    [InlineData("18", RegionCoverage.Full)]
    [InlineData("18.71.01.1003", RegionCoverage.Full)]
    [InlineData("17.01", RegionCoverage.Full)]
    [InlineData("17", RegionCoverage.Partial)]
    [InlineData("ID", RegionCoverage.Partial)]
    [InlineData("17.02", RegionCoverage.None)]
    [InlineData("31", RegionCoverage.None)]
    [InlineData("1", RegionCoverage.None)]
    [InlineData("31.71.01.1001", RegionCoverage.None)]
    public void A_region_is_full_within_a_covered_code_partial_above_one_and_none_elsewhere(string region, RegionCoverage expected) =>
        Assert.Equal(expected, Coverage.Of(region, ["17.01", "18"]));

    [Fact]
    public void Coverage_names_are_those_of_the_api() =>
        Assert.Equal(["none", "partial", "full"], Enum.GetValues<RegionCoverage>().Select(c => c.ApiName()));
}
