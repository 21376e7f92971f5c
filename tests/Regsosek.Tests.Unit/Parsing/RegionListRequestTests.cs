using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;
using Regsosek.Data.Regions;

namespace Regsosek.Tests.Parsing;

public sealed class RegionListRequestTests
{
    private static RegionListRequest Valid(RegionListQuery query) => Parsed.Value(RegionListRequest.Parse(query));

    [Fact]
    public void No_parameters_is_every_region_from_the_first_page() =>
        Assert.Equal(new RegionListRequest(null, null, null, new PageRequest(100, null)), Valid(new RegionListQuery()));

    [Fact]
    public void Level_parent_search_and_page_are_read_together()
    {
        var request = Valid(new RegionListQuery
        {
            Level = "Village", Parent = "18.71", Q = "  Way NGÏSON ", Limit = "5", Cursor = PageCursor.Encode("18.71.01.1003"),
        });
        Assert.Equal(GeoLevel.Village, request.Level);
        Assert.Equal("18.71", request.Parent?.Value);
        Assert.Equal("way ngison", request.FoldedName);
        Assert.Equal(new PageRequest(5, "18.71.01.1003"), request.Page);
    }

    [Theory]
    [InlineData("kabupaten")]
    [InlineData("national")]
    [InlineData("")]
    public void A_level_that_has_no_regions_is_a_bad_level(string level)
    {
        var problem = Parsed.InvalidParameter(RegionListRequest.Parse(new RegionListQuery { Level = level }), "level");
        Assert.Equal(new[] { "province", "regency", "district", "village" }, problem.Extensions["allowed"]);
    }

    [Theory]
    [InlineData("18.7")]
    [InlineData("")]
    [InlineData("ID")]
    [InlineData("18\n")]
    public void A_parent_that_is_not_a_region_code_is_an_invalid_region_code(string parent) =>
        Parsed.BadRequest(RegionListRequest.Parse(new RegionListQuery { Parent = parent }), "/problems/invalid-region-code", "parent");

    [Theory]
    [InlineData("a")]
    [InlineData("   ")]
    [InlineData("ab\0cd")]
    [InlineData("ab\ufffe")]
    [InlineData("ab\tcd")]
    public void A_search_that_is_too_short_or_not_text_is_a_bad_q(string q) =>
        Parsed.InvalidParameter(RegionListRequest.Parse(new RegionListQuery { Q = q }), "q");

    [Fact]
    public void A_search_with_half_of_a_surrogate_pair_is_a_bad_q() =>
        Parsed.InvalidParameter(RegionListRequest.Parse(new RegionListQuery { Q = "ab" + '\ud800' }), "q");

    [Fact]
    public void A_search_is_measured_after_folding() =>
        Parsed.InvalidParameter(RegionListRequest.Parse(new RegionListQuery { Q = new string('a', 101) }), "q");

    [Theory]
    [InlineData("district", null, "99")] // a province on a list of districts
    [InlineData(null, "18", "19.01")] // outside the parent
    [InlineData(null, "18", "18")] // the parent itself
    [InlineData(null, null, "x")]
    public void A_cursor_that_is_not_a_region_of_the_list_is_invalid(string? level, string? parent, string key) =>
        Parsed.InvalidCursor(RegionListRequest.Parse(new RegionListQuery { Level = level, Parent = parent, Cursor = PageCursor.Encode(key) }));

    [Fact]
    public void The_first_problem_wins_in_the_order_level_limit_cursor_parent_q()
    {
        Parsed.InvalidParameter(RegionListRequest.Parse(new RegionListQuery { Level = "x", Limit = "0", Parent = "x", Q = "a" }), "level");
        Parsed.InvalidParameter(RegionListRequest.Parse(new RegionListQuery { Limit = "0", Cursor = "bogus", Parent = "x" }), "limit");
        Parsed.InvalidCursor(RegionListRequest.Parse(new RegionListQuery { Cursor = "bogus", Parent = "x" }));
        Parsed.BadRequest(RegionListRequest.Parse(new RegionListQuery { Parent = "x", Q = "a" }), "/problems/invalid-region-code", "parent");
    }
}
