using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Npgsql;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

[Collection(ApiCollection.Name)]
public sealed class StatisticsApiTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    private static readonly string[] Tiers = ["extreme_poor", "poor", "vulnerable", "upper_middle"];

    private readonly HttpClient _client = factory.CreateClient();

    private string Pinned => "release=" + release.ReleaseName;

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<string> GetTextAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>What stats.region_stat holds for a region, read with the admin role, independently of the API.</summary>
    private async Task<(int FamiliesTotal, int[] FamiliesByTier, int PersonsTotal, int[] PersonsByTier, int[] FamiliesByDecile)> StoredAsync(string code)
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        return await connection.QuerySingleAsync<(int, int[], int, int[], int[])>("""
            SELECT families_total, families_by_tier, persons_total, persons_by_tier, families_by_decile
              FROM stats.region_stat WHERE release_id = @id AND region_code = @code
            """, new { id = release.ReleaseId, code });
    }

    private static int[] TierCounts(JsonElement row) => row.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("count").GetInt32()).ToArray();

    [Fact]
    public async Task Releases_list_the_published_release_with_its_disclosure_statement_and_no_parameters()
    {
        var response = await _client.GetAsync("/api/v1/releases");
        var body = await response.Content.ReadAsStringAsync();
        var item = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetString() == release.ReleaseName);

        Assert.Equal("Synthetic test release", item.GetProperty("description").GetString());
        Assert.Equal("Kemendagri", item.GetProperty("regions").GetProperty("codeSystem").GetString());
        var disclosure = item.GetProperty("disclosureControl");
        Assert.Equal("cell key method", disclosure.GetProperty("method").GetString());
        Assert.Contains(disclosure.GetProperty("implications").EnumerateArray(), i => i.GetString()!.Contains("1 and 2 are never shown"));
        Assert.InRange(disclosure.GetProperty("families").GetProperty("cellsChangedShare").GetDouble(), 0.01, 1);
        Assert.InRange(disclosure.GetProperty("families").GetProperty("meanAbsoluteChange").GetDouble(), 0.01, 1.5);
        Assert.Equal(["families", "persons"], item.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("Miskin ekstrem", item.GetProperty("tiers")[0].GetProperty("labelId").GetString());
        Assert.Equal(10, item.GetProperty("deciles").GetArrayLength());
        foreach (var secret in new[] { "maxNoise", "variance", "smallCountThreshold", "ptable", "checksum", "rkey" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Latest_is_the_current_release()
    {
        var latest = await GetJsonAsync("/api/v1/releases/latest");
        Assert.Equal(release.ReleaseName, latest.GetProperty("id").GetString());
        Assert.True(latest.GetProperty("isLatest").GetBoolean());
        var page = await GetJsonAsync("/api/v1/statistics/tiers?region=18");
        Assert.Equal(release.ReleaseName, page.GetProperty("release").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Tier_counts_are_what_the_stats_tables_hold()
    {
        var page = await GetJsonAsync($"/api/v1/statistics/tiers?region=18,18.71,ID&{Pinned}");
        var rows = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["18", "18.71", "ID"], rows.Select(r => r.GetProperty("code").GetString()));
        foreach (var row in rows)
        {
            var stored = await StoredAsync(row.GetProperty("code").GetString()!);
            Assert.Equal(stored.FamiliesTotal, row.GetProperty("total").GetInt32());
            Assert.Equal(stored.FamiliesByTier, TierCounts(row));
        }
        var persons = await GetJsonAsync($"/api/v1/statistics/tiers?region=18.71&measure=persons&{Pinned}");
        var personsRow = persons.GetProperty("items")[0];
        var storedPersons = await StoredAsync("18.71");
        Assert.Equal("persons", persons.GetProperty("measure").GetString());
        Assert.Equal(storedPersons.PersonsTotal, personsRow.GetProperty("total").GetInt32());
        Assert.Equal(storedPersons.PersonsByTier, TierCounts(personsRow));
    }

    [Fact]
    public async Task Shares_divide_published_counts_by_their_published_sum()
    {
        var row = (await GetJsonAsync($"/api/v1/statistics/tiers?region=18.71.01&{Pinned}")).GetProperty("items")[0];
        var counts = TierCounts(row);
        Assert.Equal(counts.Sum(), row.GetProperty("denominator").GetInt32());
        foreach (var tier in row.GetProperty("tiers").EnumerateArray())
        {
            Assert.Equal(Math.Round((double)tier.GetProperty("count").GetInt32() / counts.Sum(), 6), tier.GetProperty("share").GetDouble(), 9);
        }
        Assert.Equal(Tiers, row.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
        Assert.Equal(["18", "18.71"], row.GetProperty("ancestors").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task The_same_cell_shows_the_same_value_through_every_endpoint_and_format()
    {
        const string code = "18.71";
        var stored = await StoredAsync(code);
        var expected = stored.FamiliesByTier.Prepend(stored.FamiliesTotal).ToArray();

        var byRegion = (await GetJsonAsync($"/api/v1/statistics/tiers?region={code}&{Pinned}")).GetProperty("items")[0];
        var byParent = (await GetJsonAsync($"/api/v1/statistics/tiers?parent=18&level=regency&{Pinned}")).GetProperty("items")
            .EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);
        var whole = (await GetJsonAsync($"/api/v1/regions/{code}/statistics?{Pinned}")).GetProperty("families");
        var csv = CsvRow(await GetTextAsync($"/api/v1/statistics/tiers?region={code}&format=csv&{Pinned}"), code, "families");
        var csvByAccept = CsvRow(await GetTextAsync($"/api/v1/statistics/tiers?region={code}&{Pinned}", "text/csv"), code, "families");
        var export = CsvRow(await GetTextAsync($"/api/v1/releases/{release.ReleaseName}/exports/tiers.csv"), code, "families");
        var jsonStat = JsonDocument.Parse(await GetTextAsync($"/api/v1/statistics/tiers?region={code}&format=json-stat&{Pinned}")).RootElement
            .GetProperty("value").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        Assert.Equal(expected, TierCounts(byRegion).Prepend(byRegion.GetProperty("total").GetInt32()));
        Assert.Equal(expected, TierCounts(byParent).Prepend(byParent.GetProperty("total").GetInt32()));
        Assert.Equal(expected, whole.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("count").GetInt32()).Prepend(whole.GetProperty("total").GetInt32()));
        Assert.Equal(expected, CsvCounts(csv));
        Assert.Equal(expected, CsvCounts(csvByAccept));
        Assert.Equal(expected, CsvCounts(export));
        Assert.Equal(expected, jsonStat);
    }

    private static string[] CsvRow(string csv, string code, string measure) =>
        csv.Split("\r\n").Select(l => l.Split(',')).Single(f => f.Length > 5 && f[1] == code && f[5] == measure);

    /// <summary>total, then the four tiers: columns 6 and 8..11 of the tier CSV (release first).</summary>
    private static int[] CsvCounts(string[] fields) => new[] { fields[6] }.Concat(fields[8..12]).Select(int.Parse).ToArray();

    [Fact]
    public async Task Csv_is_rfc_4180_with_a_header_row_and_codes_as_written()
    {
        var response = await _client.GetAsync($"/api/v1/statistics/deciles?parent=18.71&format=csv&{Pinned}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var lines = body.Split("\r\n");
        Assert.Equal("", lines[^1]);
        Assert.StartsWith("release,region_code,region_name,level,parent_code,measure,total,denominator,decile_1,", lines[0]);
        Assert.EndsWith("decile_10_share,coverage", lines[0]);
        Assert.All(lines[1..^1], l => Assert.EndsWith(",full", l));
        var rows = lines[1..^1].Select(l => l.Split(',')).ToList();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r => Assert.Equal(lines[0].Split(',').Length, r.Length));
        Assert.Equal("18.71.01", rows[0][1]);
        Assert.All(rows, r => Assert.Equal((release.ReleaseName, "district", "18.71"), (r[0], r[3], r[4])));
    }

    [Fact]
    public async Task Json_stat_is_a_dataset_of_measure_region_and_tier()
    {
        var dataset = JsonDocument.Parse(await GetTextAsync($"/api/v1/statistics/tiers?parent=18&{Pinned}", "application/json-stat+json")).RootElement;

        Assert.Equal(("2.0", "dataset"), (dataset.GetProperty("version").GetString(), dataset.GetProperty("class").GetString()));
        Assert.Equal(["measure", "region", "tier"], dataset.GetProperty("id").EnumerateArray().Select(i => i.GetString()));
        var size = dataset.GetProperty("size").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        Assert.Equal([1, 15, 5], size);
        Assert.Equal(75, dataset.GetProperty("value").GetArrayLength());
        var region = dataset.GetProperty("dimension").GetProperty("region").GetProperty("category");
        Assert.Equal("Kota Bandar Lampung", region.GetProperty("label").GetProperty("18.71").GetString());
        Assert.Equal(["total", .. Tiers], dataset.GetProperty("dimension").GetProperty("tier").GetProperty("category").GetProperty("index")
            .EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Pagination_returns_every_village_of_Lampung_exactly_once_pinned_to_the_release()
    {
        var seen = new List<string>();
        string? url = "/api/v1/statistics/tiers?parent=18&level=village&limit=700";
        var pages = 0;
        while (url is not null)
        {
            var response = await _client.GetAsync(url);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(release.ReleaseName, page.GetProperty("release").GetProperty("id").GetString());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!));
            url = page.GetProperty("next").GetString();
            if (url is not null)
            {
                Assert.Contains(Pinned, url);
                Assert.Equal($"<{url}>; rel=\"next\"", response.Headers.GetValues("Link").Single());
            }
            pages++;
        }
        Assert.Equal(release.LampungVillages, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(seen, c => Assert.StartsWith("18.", c));
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal((release.LampungVillages + 699) / 700, pages);
    }

    [Fact]
    public async Task Level_defaults_to_one_below_the_parent_and_to_provinces_nationally()
    {
        var provinces = await GetJsonAsync($"/api/v1/statistics/deciles?{Pinned}");
        Assert.Equal(38, provinces.GetProperty("items").GetArrayLength());
        Assert.All(provinces.GetProperty("items").EnumerateArray(), p => Assert.Equal("province", p.GetProperty("level").GetString()));
        var districts = await GetJsonAsync($"/api/v1/statistics/deciles?parent=18.71&{Pinned}");
        Assert.Equal(20, districts.GetProperty("items").GetArrayLength());
        Assert.Equal(10, districts.GetProperty("items")[0].GetProperty("deciles").GetArrayLength());
    }

    [Fact]
    public async Task A_regions_whole_picture_has_its_breadcrumb_and_both_measures()
    {
        var whole = await GetJsonAsync($"/api/v1/regions/18.71.01/statistics?{Pinned}");
        var stored = await StoredAsync("18.71.01");

        Assert.Equal("Kedaton", whole.GetProperty("region").GetProperty("name").GetString());
        Assert.Equal(["ID", "18", "18.71"], whole.GetProperty("ancestors").EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        Assert.Equal(stored.FamiliesTotal, whole.GetProperty("families").GetProperty("total").GetInt32());
        Assert.Equal(stored.PersonsTotal, whole.GetProperty("persons").GetProperty("total").GetInt32());
        Assert.Equal(stored.FamiliesByDecile, whole.GetProperty("families").GetProperty("deciles").EnumerateArray().Select(d => d.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task A_repeated_request_with_its_etag_gets_304_and_another_query_another_etag()
    {
        var url = $"/api/v1/statistics/tiers?region=18&{Pinned}";
        var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Contains("max-age=86400", first.Headers.CacheControl!.ToString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await _client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);

        var csv = await _client.GetAsync(url + "&format=csv");
        var persons = await _client.GetAsync(url + "&measure=persons");
        Assert.Equal(3, new[] { etag, csv.Headers.ETag, persons.Headers.ETag }.Distinct().Count());
        var latest = await _client.GetAsync("/api/v1/statistics/tiers?region=18");
        Assert.Contains("max-age=60", latest.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_hot_query_is_answered_from_the_server_cache_the_second_time()
    {
        var url = $"/api/v1/statistics/deciles?parent=18.01&{Pinned}&limit=17";
        var first = await _client.GetAsync(url);
        var second = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task The_export_streams_every_region_of_the_release_and_gzips_when_asked()
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        var regions = await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM stats.region_stat WHERE release_id = @id", new { id = release.ReleaseId });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/releases/{release.ReleaseName}/exports/deciles.csv");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Contains($"regsosek-{release.ReleaseName}-deciles.csv", response.Content.Headers.ContentDisposition!.ToString());
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var lines = (await new StreamReader(gzip).ReadToEndAsync()).Split("\r\n");
        Assert.StartsWith("release,region_code,", lines[0]);
        Assert.Equal(2 * regions, lines.Length - 2);
        Assert.StartsWith($"{release.ReleaseName},ID,Indonesia,national,,families,", lines[1]);
        Assert.StartsWith($"{release.ReleaseName},ID,Indonesia,national,,persons,", lines[2]);
    }

    [Theory]
    [InlineData("/api/v1/statistics/tiers?region=18.1", HttpStatusCode.BadRequest, "/problems/invalid-region-code")]
    [InlineData("/api/v1/statistics/tiers?region=18.99", HttpStatusCode.NotFound, "/problems/region-not-found")]
    [InlineData("/api/v1/statistics/tiers?parent=18.99", HttpStatusCode.NotFound, "/problems/region-not-found")]
    [InlineData("/api/v1/statistics/tiers?parent=18.71&level=regency", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/tiers?parent=18.71.01.1003", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/tiers?region=18&parent=18", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/tiers?level=town", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/tiers?measure=households", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/deciles?parent=18&limit=5001", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/deciles?parent=18&cursor=bogus", HttpStatusCode.BadRequest, "/problems/invalid-cursor")]
    [InlineData("/api/v1/statistics/tiers?region=18&release=no-such-release", HttpStatusCode.NotFound, "/problems/release-not-found")]
    [InlineData("/api/v1/statistics/tiers?region=18&release=Bad%20Name", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/api/v1/statistics/tiers?region=18&format=xml", HttpStatusCode.NotAcceptable, "/problems/not-acceptable")]
    [InlineData("/api/v1/releases/no-such-release", HttpStatusCode.NotFound, "/problems/release-not-found")]
    [InlineData("/api/v1/releases/no-such-release/exports/tiers.csv", HttpStatusCode.NotFound, "/problems/release-not-found")]
    [InlineData("/api/v1/regions/18.99/statistics", HttpStatusCode.NotFound, "/problems/region-not-found")]
    [InlineData("/api/v1/regions/1899/statistics", HttpStatusCode.BadRequest, "/problems/invalid-region-code")]
    [InlineData("/api/v2/statistics/tiers?region=18", HttpStatusCode.BadRequest, "/problems/unsupported-api-version")]
    public async Task Bad_statistics_requests_get_problem_details_with_a_hint(string url, HttpStatusCode status, string type)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(status, type);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("hint").GetString()));
    }

    [Fact]
    public async Task An_accept_header_with_nothing_we_produce_gets_406_problem_details()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/statistics/tiers?region=18&{Pinned}")
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/xml") } },
        });
        await response.AssertProblemAsync(HttpStatusCode.NotAcceptable, "/problems/not-acceptable");
    }

    [Fact]
    public async Task Too_many_regions_in_one_list_is_a_bad_request_that_points_to_pagination()
    {
        var codes = string.Join(',', Enumerable.Range(1, 201).Select(i => $"18.01.{i / 100 + 1:00}.{2000 + i}"));
        var problem = await (await _client.GetAsync($"/api/v1/statistics/tiers?region={codes}")).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Contains("parent and level", problem.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task The_openapi_document_gives_each_representation_its_own_operation_with_one_media_type()
    {
        var paths = JsonDocument.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json")).RootElement.GetProperty("paths");
        JsonElement Ok(string path, out JsonElement operation)
        {
            operation = paths.GetProperty(path).GetProperty("get");
            var content = operation.GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.Single(content.EnumerateObject());
            return content;
        }

        var json = Ok("/api/v1/statistics/tiers", out var plain);
        Assert.EndsWith("/TierPage", json.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.DoesNotContain(plain.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "format");
        Assert.Contains("/statistics/tiers.csv", plain.GetProperty("description").GetString());

        var csv = Ok("/api/v1/statistics/tiers.csv", out _).GetProperty("text/csv");
        Assert.Equal(("string", "binary"), (csv.GetProperty("schema").GetProperty("type").GetString(), csv.GetProperty("schema").GetProperty("format").GetString()));
        Assert.StartsWith("release,region_code,region_name,", csv.GetProperty("example").GetString());

        var jsonStat = Ok("/api/v1/statistics/deciles.jsonstat", out _).GetProperty("application/json-stat+json");
        Assert.EndsWith("/JsonStatDataset", jsonStat.GetProperty("schema").GetProperty("$ref").GetString());
    }
}
