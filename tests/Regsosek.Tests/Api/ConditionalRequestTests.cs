using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Api;

/// <summary>
/// Regions, releases and sources have validators too, derived from what they show (the region data's source row, the
/// list of releases), so a client revalidates them with If-None-Match and gets 304; a different request or a newly
/// published release gives another ETag.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConditionalRequestTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<HttpResponseMessage> GetAsync(string url, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }
        return await _client.SendAsync(request);
    }

    [Theory]
    [InlineData("/api/v1/regions?level=province")]
    [InlineData("/api/v1/regions/18.71")]
    [InlineData("/api/v1/regions/18/children")]
    [InlineData("/api/v1/releases")]
    [InlineData("/api/v1/releases/latest")]
    [InlineData("/api/v1/sources/regions")]
    public async Task Reference_data_and_releases_answer_their_etag_with_304(string url)
    {
        Assert.NotEmpty(release.ReleaseName);
        var first = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Contains("max-age=60", first.Headers.CacheControl!.ToString());

        var second = await GetAsync(url, etag);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Another_query_or_another_region_has_another_etag()
    {
        var tags = new[] { "/api/v1/regions/18", "/api/v1/regions/18.71", "/api/v1/regions?level=regency", "/api/v1/regions?level=district" };
        var etags = await Task.WhenAll(tags.Select(async url => (await GetAsync(url)).Headers.ETag));
        Assert.Equal(tags.Length, etags.Distinct().Count());
    }

    [Fact]
    public async Task An_unknown_region_is_a_problem_with_no_validator()
    {
        var response = await GetAsync("/api/v1/regions/18.99");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "/problems/region-not-found");
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task Regions_say_how_many_there_are_over_all_pages()
    {
        var page = JsonDocument.Parse(await (await GetAsync("/api/v1/regions?parent=18&level=village&limit=7")).Content.ReadAsStringAsync()).RootElement;
        var children = JsonDocument.Parse(await (await GetAsync("/api/v1/regions/18/children?limit=2")).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(7, page.GetProperty("items").GetArrayLength());
        Assert.Equal(release.LampungVillages, page.GetProperty("total").GetInt32());
        Assert.Equal(15, children.GetProperty("total").GetInt32());
    }
}
