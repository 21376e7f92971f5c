using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using Regsosek.Data.Exports;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Exports;

/// <summary>
/// A release's bulk files are made when it is published and served as files: whole or in ranges, with a strong ETag
/// that is their digest, gzip from the stored .gz, and a download name that says which release they hold.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReleaseFileTests(ApiFactory factory, StatisticsReleaseFixture release) : IClassFixture<StatisticsReleaseFixture>
{
    private readonly HttpClient _client = factory.CreateClient();

    private string Tiers => $"/api/v1/releases/{release.ReleaseName}/exports/tiers.csv";

    private async Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        headers?.Invoke(request.Headers);
        return await _client.SendAsync(request);
    }

    private async Task<byte[]> StoredAsync(string name)
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        return await connection.ExecuteScalarAsync<byte[]>("SELECT bytes FROM stats.release_file WHERE release_id = @id AND name = @name",
            new { id = release.ReleaseId, name }) ?? throw new InvalidOperationException($"no stored file {name}");
    }

    [Fact]
    public async Task Publishing_stores_every_table_as_csv_and_gzip_and_the_export_sends_exactly_the_stored_csv()
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        var names = (await connection.QueryAsync<string>("SELECT name FROM stats.release_file WHERE release_id = @id ORDER BY name",
            new { id = release.ReleaseId })).ToList();
        var response = await GetAsync(Tiers);

        Assert.Equal(["deciles.csv", "deciles.csv.gz", "tiers.csv", "tiers.csv.gz"], names.Where(n => n.Contains(".csv") && !n.EndsWith(".json")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await StoredAsync("tiers.csv"), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
    }

    [Fact]
    public async Task The_etag_is_strong_and_is_the_files_digest_and_if_none_match_gets_304()
    {
        var first = await GetAsync(Tiers);
        var digest = Convert.ToHexStringLower(SHA256.HashData(await StoredAsync("tiers.csv")));
        var again = await GetAsync(Tiers, h => h.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.False(first.Headers.ETag!.IsWeak);
        Assert.Equal($"\"{digest[..32]}\"", first.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_resumes_a_broken_download_with_206_and_exactly_those_bytes()
    {
        var whole = await StoredAsync("tiers.csv");
        var etag = (await GetAsync(Tiers)).Headers.ETag!;

        var part = await GetAsync(Tiers, h => h.Range = new RangeHeaderValue(1000, 1999));
        var rest = await GetAsync(Tiers, h => { h.Range = new RangeHeaderValue(whole.Length - 500, null); h.IfRange = new RangeConditionHeaderValue(etag); });

        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000-1999/{whole.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(whole[1000..2000], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Equal(whole[^500..], await rest.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_range_with_another_files_etag_gets_the_whole_file_and_a_range_past_the_end_gets_416()
    {
        var whole = await StoredAsync("tiers.csv");

        var changed = await GetAsync(Tiers, h => { h.Range = new RangeHeaderValue(0, 9); h.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"0123456789abcdef0123456789abcdef\"")); });
        var past = await GetAsync(Tiers, h => h.Range = new RangeHeaderValue(whole.Length + 10, null));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(whole.Length, (await changed.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
        Assert.Equal($"bytes */{whole.Length}", past.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task With_accept_encoding_gzip_the_stored_gzip_is_sent_with_its_own_etag_and_decodes_to_the_csv()
    {
        var plain = await GetAsync(Tiers);
        var gzip = await GetAsync(Tiers, h => h.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip")));
        var refused = await GetAsync(Tiers, h => h.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip", 0)));

        var body = await gzip.Content.ReadAsByteArrayAsync();
        Assert.Equal("gzip", gzip.Content.Headers.ContentEncoding.Single());
        Assert.Equal(await StoredAsync("tiers.csv.gz"), body);
        Assert.NotEqual(plain.Headers.ETag, gzip.Headers.ETag);
        Assert.Contains("Accept-Encoding", gzip.Headers.Vary);
        await using var decoded = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var csv = new MemoryStream();
        await decoded.CopyToAsync(csv);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), csv.ToArray());
        Assert.Empty(refused.Content.Headers.ContentEncoding);
        Assert.Equal($"regsosek-{release.ReleaseName}-tiers.csv", gzip.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
    }

    [Fact]
    public async Task A_download_made_with_gzip_resumes_from_the_plain_csv_at_the_decoded_offset()
    {
        var plain = await (await GetAsync(Tiers)).Content.ReadAsByteArrayAsync();
        var gzip = await GetAsync(Tiers, h => h.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip")));

        var rest = await GetAsync(Tiers, h =>
        {
            h.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            h.Range = new RangeHeaderValue(100, null);
            h.IfRange = new RangeConditionHeaderValue(gzip.Headers.ETag!);
        });

        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Empty(rest.Content.Headers.ContentEncoding);
        Assert.Equal(plain.Skip(100), await rest.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("regsosek-2022-lampung-demo", "regsosek-2022-lampung-demo-tiers.csv")]
    [InlineData("2024-national", "regsosek-2024-national-tiers.csv")]
    public void A_download_is_named_after_its_release_with_the_prefix_once(string releaseName, string expected) =>
        Assert.Equal(expected, ReleaseFileNames.Download(releaseName, "tiers.csv"));

    [Fact]
    public async Task A_release_published_before_files_existed_gets_a_not_found_problem_that_says_how_to_write_them()
    {
        var name = "nofiles-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(release.Admin);
        await connection.ExecuteAsync("""
            INSERT INTO stats.release (name, reference_period, status, published_at, region_package, region_version)
            SELECT @name, reference_period, 'published', now(), region_package, region_version FROM stats.release WHERE id = @id
            """, new { name, id = release.ReleaseId });

        var problem = await (await GetAsync($"/api/v1/releases/{name}/exports/tiers.csv")).AssertProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");

        Assert.Contains($"files --release {name}", problem.GetProperty("hint").GetString());
    }
}
