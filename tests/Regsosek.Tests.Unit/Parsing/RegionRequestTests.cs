using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;

namespace Regsosek.Tests.Parsing;

public sealed class RegionRequestTests
{
    [Fact]
    public void A_region_is_named_by_its_code() =>
        Assert.Equal("18.71.01.1003", Parsed.Value(RegionRequest.Parse(new RegionQuery { Code = "18.71.01.1003" })).Code.Value);

    [Theory]
    [InlineData("18.1")]
    [InlineData("1899")]
    [InlineData("ID")]
    [InlineData("18.71\n")]
    public void Anything_else_is_an_invalid_region_code(string code) =>
        Parsed.BadRequest(RegionRequest.Parse(new RegionQuery { Code = code }), "/problems/invalid-region-code", "code");

    [Fact]
    public void Children_are_paged_from_the_start_or_after_one_of_them()
    {
        var first = Parsed.Value(RegionChildrenRequest.Parse(new RegionChildrenQuery { Code = "18" }));
        Assert.Equal(new RegionChildrenRequest(first.Parent, new PageRequest(100, null)), first);
        var next = Parsed.Value(RegionChildrenRequest.Parse(new RegionChildrenQuery { Code = "18", Limit = "3", Cursor = PageCursor.Encode("18.71") }));
        Assert.Equal(new PageRequest(3, "18.71"), next.Page);
    }

    [Theory]
    [InlineData("18", "18.71.01")] // a grandchild
    [InlineData("18", "19.01")] // another province's regency
    [InlineData("18", "18")]
    [InlineData("18.71.01.1003", "18")] // a village has no children at all
    public void A_cursor_that_is_not_one_of_the_children_is_invalid(string code, string key) =>
        Parsed.InvalidCursor(RegionChildrenRequest.Parse(new RegionChildrenQuery { Code = code, Cursor = PageCursor.Encode(key) }));

    [Fact]
    public void For_children_the_code_is_checked_before_the_page()
    {
        Parsed.BadRequest(RegionChildrenRequest.Parse(new RegionChildrenQuery { Code = "x", Limit = "x" }), "/problems/invalid-region-code", "code");
        Parsed.InvalidParameter(RegionChildrenRequest.Parse(new RegionChildrenQuery { Code = "18", Limit = "-5" }), "limit");
    }
}
