using System.Net;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Api;

/// <summary>
/// Values that once reached PostgreSQL or .NET's normaliser and came back as 500s: NUL and non-characters in a name
/// search, cursors whose key is not text or not a key of the list being paged, and limits that are not plain digits.
/// Each is a 4xx problem naming what was wrong.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StrictParameterTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/v1/regions?q=ab%00cd")]
    [InlineData("/api/v1/regions?q=ab%EF%BF%BE")]
    [InlineData("/api/v1/regions?q=ab%09cd")]
    public async Task A_name_search_with_a_character_that_is_not_text_is_a_bad_q(string url)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("q", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/api/v1/regions?cursor=azE6AA")] // k1:\0
    [InlineData("/api/v1/regions/18/children?cursor=azE6AA")]
    [InlineData("/api/v1/statistics/tiers?level=district&cursor=azE6MTgA")] // k1:18\0
    [InlineData("/api/v1/statistics/tiers?level=district&cursor=azE6OTk")] // k1:99, a province on a list of districts
    [InlineData("/api/v1/regions?level=district&cursor=azE6OTk")]
    [InlineData("/api/v1/regions?parent=18&cursor=azE6MTkuMDE")] // k1:19.01, outside the parent
    [InlineData("/api/v1/regions/18/children?cursor=azE6MTguNzEuMDE")] // k1:18.71.01, a grandchild
    [InlineData("/api/v1/regions/18.71.01.1003/children?cursor=azE6MTg")] // a village has no children to continue after
    public async Task A_cursor_whose_key_is_not_a_region_of_the_list_is_an_invalid_cursor(string url)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-cursor");
        Assert.Equal("cursor", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/api/v1/regions?limit=%2010")]
    [InlineData("/api/v1/regions?limit=18%00")]
    [InlineData("/api/v1/regions?limit=+5")]
    [InlineData("/api/v1/regions?limit=%2B5")]
    [InlineData("/api/v1/regions?limit=1e3")]
    [InlineData("/api/v1/regions/18/children?limit=%EF%BC%91")] // a fullwidth 1
    [InlineData("/api/v1/statistics/tiers?parent=18&limit=99999999999")]
    public async Task A_limit_that_is_not_plain_digits_in_range_is_a_bad_limit(string url)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("limit", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_cursor_of_the_list_being_paged_still_continues_it()
    {
        var first = await _client.GetAsync($"/api/v1/statistics/tiers?release={release.ReleaseName}&parent=18&level=district&limit=2");
        var next = first.Headers.GetValues("Link").Single().Split('<', '>')[1];
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(next)).StatusCode);
    }

    [Fact]
    public async Task An_empty_release_means_latest_and_is_cached_as_briefly_as_latest()
    {
        var response = await _client.GetAsync("/api/v1/statistics/tiers?region=18&release=");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(60, (int)response.Headers.CacheControl!.MaxAge!.Value.TotalSeconds);
    }
}
