using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// Each representation of a statistics table has its own path (tiers, tiers.csv, tiers.jsonstat), answering that one
/// format whatever Accept says; the plain path still negotiates for people and scripts. Pages say how many rows the
/// query has over all pages.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RepresentationTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    private readonly HttpClient _client = factory.CreateClient();

    private string Pinned => "release=" + release.ReleaseName;

    private async Task<HttpResponseMessage> GetAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }
        var response = await _client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    [Theory]
    [InlineData("tiers.csv", "application/json", "text/csv")]
    [InlineData("deciles.csv", null, "text/csv")]
    [InlineData("tiers.jsonstat", "text/csv", "application/json-stat+json")]
    [InlineData("deciles.jsonstat", "application/xml", "application/json-stat+json")]
    public async Task A_path_of_one_representation_answers_it_whatever_accept_says(string path, string? accept, string mediaType)
    {
        var response = await GetAsync($"/api/v1/statistics/{path}?region=18.71&{Pinned}", accept);

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Json_stat_is_served_as_json_stat_at_its_path_and_when_negotiated()
    {
        var atPath = await GetAsync($"/api/v1/statistics/tiers.jsonstat?region=18&{Pinned}");
        var negotiated = await GetAsync($"/api/v1/statistics/tiers?region=18&format=json-stat&{Pinned}");

        Assert.Equal("application/json-stat+json", atPath.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/json-stat+json", negotiated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await atPath.Content.ReadAsStringAsync(), await negotiated.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_plain_path_still_negotiates_csv_and_says_it_varies_by_accept()
    {
        var byFormat = await GetAsync($"/api/v1/statistics/tiers?region=18.71&format=csv&{Pinned}");
        var byAccept = await GetAsync($"/api/v1/statistics/tiers?region=18.71&{Pinned}", "text/csv");
        var atPath = await GetAsync($"/api/v1/statistics/tiers.csv?region=18.71&{Pinned}");

        Assert.Equal(await atPath.Content.ReadAsStringAsync(), await byFormat.Content.ReadAsStringAsync());
        Assert.Equal(await atPath.Content.ReadAsStringAsync(), await byAccept.Content.ReadAsStringAsync());
        Assert.Contains("Accept", byAccept.Headers.Vary);
    }

    [Fact]
    public async Task A_page_says_how_many_rows_its_query_has_over_all_pages()
    {
        var villages = JsonDocument.Parse(await (await GetAsync($"/api/v1/statistics/tiers?parent=18&level=village&limit=10&{Pinned}")).Content.ReadAsStringAsync()).RootElement;
        var listed = JsonDocument.Parse(await (await GetAsync($"/api/v1/statistics/deciles?region=18,18.71,ID&{Pinned}")).Content.ReadAsStringAsync()).RootElement;
        var dataset = JsonDocument.Parse(await (await GetAsync($"/api/v1/statistics/tiers.jsonstat?parent=18.71&limit=5&{Pinned}")).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(10, villages.GetProperty("items").GetArrayLength());
        Assert.Equal(release.LampungVillages, villages.GetProperty("total").GetInt32());
        Assert.Equal(3, listed.GetProperty("total").GetInt32());
        Assert.Equal(20, dataset.GetProperty("extension").GetProperty("total").GetInt32());
        Assert.Equal(5, dataset.GetProperty("size")[1].GetInt32());
    }

    [Fact]
    public async Task A_csv_path_answers_problems_as_problem_details()
    {
        var response = await _client.GetAsync($"/api/v1/statistics/tiers.csv?region=18.99&{Pinned}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "/problems/region-not-found");
    }
}
