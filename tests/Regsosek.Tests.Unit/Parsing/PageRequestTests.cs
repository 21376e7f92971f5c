using Regsosek.Api.Infrastructure.Paging;

namespace Regsosek.Tests.Parsing;

public sealed class PageRequestTests
{
    [Fact]
    public void No_limit_is_the_collections_default_and_no_cursor_the_first_page()
    {
        Assert.Equal(new PageRequest(100, null), Parsed.Value(PageRequest.Parse(null, null, PageSize.Regions)));
        Assert.Equal(new PageRequest(1000, null), Parsed.Value(PageRequest.Parse(null, "", PageSize.StatisticsRows)));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("007", 7)]
    [InlineData("1000", 1000)]
    public void A_limit_in_digits_within_the_policy_is_the_page_size(string limit, int size) =>
        Assert.Equal(size, Parsed.Value(PageRequest.Parse(limit, null, PageSize.Regions)).Limit);

    [Fact]
    public void Each_collection_allows_up_to_its_own_maximum()
    {
        Assert.Equal(5000, Parsed.Value(PageRequest.Parse("5000", null, PageSize.StatisticsRows)).Limit);
        Parsed.InvalidParameter(PageRequest.Parse("5000", null, PageSize.Regions), "limit");
        Parsed.InvalidParameter(PageRequest.Parse("5001", null, PageSize.StatisticsRows), "limit");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("99999999999")]
    [InlineData(" 10")]
    [InlineData("18\0")]
    [InlineData("+5")]
    [InlineData("-5")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData("5,6")]
    [InlineData("\uff11")]
    public void Anything_else_is_a_bad_limit(string limit) =>
        Parsed.InvalidParameter(PageRequest.Parse(limit, null, PageSize.Regions), "limit");

    [Fact]
    public void A_limit_out_of_range_says_the_range()
    {
        var problem = Parsed.InvalidParameter(PageRequest.Parse("1001", null, PageSize.Regions), "limit");
        Assert.Equal("limit must be between 1 and 1000; got 1001.", problem.Detail);
    }

    [Fact]
    public void A_cursor_this_api_issued_continues_after_its_key() =>
        Assert.Equal("18.71", Parsed.Value(PageRequest.Parse(null, PageCursor.Encode("18.71"), PageSize.Regions)).After);

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("!!")]
    [InlineData("azE6")] // k1: with no key
    [InlineData("azE6AA")] // k1:\0
    [InlineData("azE6MTgA")] // k1:18\0
    [InlineData("eDE6MTg")] // x1:18, another prefix
    public void Any_other_cursor_is_invalid(string cursor) => Parsed.InvalidCursor(PageRequest.Parse(null, cursor, PageSize.Regions));

    [Fact]
    public void An_overlong_cursor_is_invalid() =>
        Parsed.InvalidCursor(PageRequest.Parse(null, PageCursor.Encode(new string('1', 61)), PageSize.Regions));

    [Fact]
    public void The_limit_is_checked_before_the_cursor() =>
        Parsed.InvalidParameter(PageRequest.Parse("0", "bogus", PageSize.Regions), "limit");

    [Fact]
    public void One_row_more_than_the_page_is_read_to_see_whether_another_page_follows() =>
        Assert.Equal(101, new PageRequest(100, null).RowsToRead);
}
