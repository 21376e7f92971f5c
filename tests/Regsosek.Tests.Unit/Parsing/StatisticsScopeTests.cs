using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;
using Regsosek.Api.Statistics;

namespace Regsosek.Tests.Parsing;

public sealed class StatisticsScopeTests
{
    private static StatisticsScope Valid(StatisticsQuery query) => Parsed.Value(StatisticsScope.Parse(query));

    private static StatisticsScope.LevelPage LevelPage(StatisticsQuery query) => Assert.IsType<StatisticsScope.LevelPage>(Valid(query));

    [Fact]
    public void Region_lists_codes_once_each_in_the_order_given_with_ID_for_Indonesia()
    {
        var listed = Assert.IsType<StatisticsScope.Listed>(Valid(new StatisticsQuery { Region = " 18.71 ,id,,18,18.71" }));
        Assert.Equal(["18.71", "ID", "18"], listed.Codes);
    }

    [Fact]
    public void Region_lists_at_most_200_regions()
    {
        var codes = Enumerable.Range(1, 201).Select(i => $"18.01.{i / 100 + 1:00}.{2000 + i}").ToList();
        Assert.IsType<StatisticsScope.Listed>(Valid(new StatisticsQuery { Region = string.Join(',', codes.Take(200)) }));
        var problem = Parsed.InvalidParameter(StatisticsScope.Parse(new StatisticsQuery { Region = string.Join(',', codes) }), "region");
        Assert.Contains("parent and level", (string?)problem.Extensions["hint"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,")]
    public void An_empty_region_list_is_a_bad_region(string region) =>
        Parsed.InvalidParameter(StatisticsScope.Parse(new StatisticsQuery { Region = region }), "region");

    [Fact]
    public void A_malformed_code_in_the_list_is_an_invalid_region_code() =>
        Parsed.BadRequest(StatisticsScope.Parse(new StatisticsQuery { Region = "18,18.1" }), "/problems/invalid-region-code", "region");

    [Theory]
    [InlineData("18", null, null)]
    [InlineData(null, "province", null)]
    [InlineData(null, null, "")]
    public void Region_does_not_combine_with_parent_level_or_cursor(string? parent, string? level, string? cursor) =>
        Parsed.InvalidParameter(StatisticsScope.Parse(new StatisticsQuery { Region = "18", Parent = parent, Level = level, Cursor = cursor }), "region");

    [Theory]
    [InlineData(null, null, null, GeoLevel.Province)]
    [InlineData("ID", null, null, GeoLevel.Province)]
    [InlineData("18", null, "18", GeoLevel.Regency)]
    [InlineData("18", "village", "18", GeoLevel.Village)]
    [InlineData(null, "district", null, GeoLevel.District)]
    [InlineData("18.71.01", null, "18.71.01", GeoLevel.Village)]
    public void Without_region_the_scope_is_a_level_below_a_parent_by_default_the_next_one_down(
        string? parent, string? level, string? expectedParent, GeoLevel expectedLevel)
    {
        var scope = LevelPage(new StatisticsQuery { Parent = parent, Level = level });
        Assert.Equal(expectedParent, scope.Parent?.Value);
        Assert.Equal(expectedLevel, scope.Level);
        Assert.Equal(new PageRequest(1000, null), scope.Page);
    }

    [Fact]
    public void A_village_has_no_level_below_it() =>
        Parsed.InvalidParameter(StatisticsScope.Parse(new StatisticsQuery { Parent = "18.71.01.1003" }), "parent");

    [Fact]
    public void The_level_must_be_below_the_parent() =>
        Parsed.InvalidParameter(StatisticsScope.Parse(new StatisticsQuery { Parent = "18.71", Level = "regency" }), "level");

    [Fact]
    public void A_parent_is_a_region_code_or_ID() =>
        Parsed.BadRequest(StatisticsScope.Parse(new StatisticsQuery { Parent = "18.99.x" }), "/problems/invalid-region-code", "parent");

    [Fact]
    public void A_page_continues_after_a_region_of_its_level_below_its_parent() =>
        Assert.Equal(new PageRequest(10, "18.71.01"),
            LevelPage(new StatisticsQuery { Parent = "18.71", Level = "district", Limit = "10", Cursor = PageCursor.Encode("18.71.01") }).Page);

    [Theory]
    [InlineData(null, "district", "99")] // a province on a list of districts
    [InlineData(null, "district", "18")]
    [InlineData("18.71", "district", "18.01.01")] // a district of another regency
    [InlineData(null, null, "18.71")] // the default level is province
    public void A_cursor_that_is_not_a_region_of_the_scope_is_invalid(string? parent, string? level, string key) =>
        Parsed.InvalidCursor(StatisticsScope.Parse(new StatisticsQuery { Parent = parent, Level = level, Cursor = PageCursor.Encode(key) }));

    [Fact]
    public void Limit_and_cursor_are_checked_before_the_regions()
    {
        Parsed.InvalidParameter(StatisticsScope.Parse(new StatisticsQuery { Limit = "5001", Region = "" }), "limit");
        Parsed.InvalidCursor(StatisticsScope.Parse(new StatisticsQuery { Cursor = "bogus", Region = "18" }));
    }
}
