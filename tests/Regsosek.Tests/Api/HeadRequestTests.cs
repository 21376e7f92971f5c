using System.Net;
using System.Text.Json;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Api;

/// <summary>HEAD answers with the headers its GET would have, and no body (RFC 9110 9.3.2).</summary>
[Collection(ApiCollection.Name)]
public sealed class HeadRequestTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Head_of_a_statistics_call_has_the_headers_of_its_get_and_no_body()
    {
        // Named for this test alone, so that the HEAD is the first request for it and makes its output-cache entry.
        var url = $"/api/v1/statistics/tiers?region=18.71&release={release.ReleaseName}&head-test={Guid.NewGuid():N}";

        var head = await SendAsync(HttpMethod.Head, url);
        var get = await SendAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotNull(head.Headers.ETag);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        // The GET after it is whole, whether it came from the output cache or not.
        var body = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("18.71", body.GetProperty("items")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Head_of_an_unknown_region_is_a_not_found_problem_without_a_body()
    {
        var head = await SendAsync(HttpMethod.Head, $"/api/v1/statistics/tiers?region=18.98&release={release.ReleaseName}");

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal("application/problem+json", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_of_an_export_names_the_file_and_its_validator_without_sending_it()
    {
        var url = $"/api/v1/releases/{release.ReleaseName}/exports/tiers.csv";

        var head = await SendAsync(HttpMethod.Head, url);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/csv", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"regsosek-{release.ReleaseName}-tiers.csv", head.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal((await SendAsync(HttpMethod.Get, url)).Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Other_methods_are_still_not_allowed()
    {
        var post = await SendAsync(HttpMethod.Post, $"/api/v1/statistics/tiers?region=18.71&release={release.ReleaseName}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
