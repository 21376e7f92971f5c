using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Api;

/// <summary>Large JSON and CSV answers are compressed as Accept-Encoding allows; a refused coding (q=0) is never used.</summary>
[Collection(ApiCollection.Name)]
public sealed class CompressionTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    private readonly HttpClient _client = factory.CreateClient();

    private string Villages => $"/api/v1/statistics/tiers?parent=18&level=village&limit=5000&release={release.ReleaseName}";

    private async Task<HttpResponseMessage> GetAsync(string url, string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, br", "br")]
    public async Task Every_village_of_Lampung_as_json_is_compressed_to_a_fraction(string acceptEncoding, string coding)
    {
        var plain = await (await GetAsync(Villages, "identity")).Content.ReadAsByteArrayAsync();
        var compressed = await GetAsync(Villages, acceptEncoding);
        var body = await compressed.Content.ReadAsByteArrayAsync();

        Assert.Equal(coding, compressed.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.True(body.Length * 4 < plain.Length, $"{body.Length} bytes compressed of {plain.Length}");
        await using Stream decoded = coding == "gzip" ? new GZipStream(new MemoryStream(body), CompressionMode.Decompress) : new BrotliStream(new MemoryStream(body), CompressionMode.Decompress);
        using var text = new MemoryStream();
        await decoded.CopyToAsync(text);
        Assert.Equal(plain, text.ToArray());
    }

    [Theory]
    [InlineData("gzip;q=0")]
    [InlineData("identity")]
    [InlineData("br;q=0, gzip;q=0")]
    public async Task A_refused_coding_gets_the_identity(string acceptEncoding)
    {
        var response = await GetAsync(Villages, acceptEncoding);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.StartsWith("{", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Csv_is_compressed_too_but_an_export_is_not_compressed_again()
    {
        var csv = await GetAsync($"/api/v1/statistics/tiers.csv?parent=18&level=village&release={release.ReleaseName}", "br");
        var export = await GetAsync($"/api/v1/releases/{release.ReleaseName}/exports/tiers.csv", "br");

        Assert.Equal("br", csv.Content.Headers.ContentEncoding.Single());
        Assert.Empty(export.Content.Headers.ContentEncoding);
        Assert.StartsWith("release,region_code,", await export.Content.ReadAsStringAsync());
    }
}
