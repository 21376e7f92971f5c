using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Regions;

[Collection(ApiCollection.Name)]
public sealed class RegionsApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static List<string> Codes(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();

    [Fact]
    public async Task Children_of_Lampung_are_its_15_regencies_and_cities()
    {
        var page = await GetJsonAsync("/api/v1/regions/18/children");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(15, items.Count);
        Assert.All(items, i => Assert.Equal("18", i.GetProperty("parentCode").GetString()));
        Assert.Contains(items, i => i.GetProperty("code").GetString() == "18.71" && i.GetProperty("kind").GetString() == "kota");
        Assert.Contains(items, i => i.GetProperty("code").GetString() == "18.01" && i.GetProperty("kind").GetString() == "kabupaten");
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Region_detail_has_breadcrumb_and_child_count_matching_its_children()
    {
        var detail = await GetJsonAsync("/api/v1/regions/18.71.01");
        Assert.Equal("district", detail.GetProperty("level").GetString());
        Assert.Equal("kecamatan", detail.GetProperty("kind").GetString());
        Assert.Equal(["18", "18.71"], detail.GetProperty("ancestors").EnumerateArray().Select(a => a.GetProperty("code").GetString()!).ToArray());
        Assert.Equal("Lampung", detail.GetProperty("ancestors")[0].GetProperty("name").GetString());
        Assert.Equal("village", detail.GetProperty("childLevel").GetString());
        var children = await GetJsonAsync("/api/v1/regions/18.71.01/children?limit=1000");
        Assert.Equal(detail.GetProperty("childCount").GetInt32(), Codes(children).Count);
        Assert.True(Codes(children).Count > 0);
    }

    [Theory]
    [InlineData("18.71.01.1003", "kelurahan", true)]
    [InlineData("18.01.04.2001", "desa", false)]
    public async Task Village_detail_says_whether_it_is_urban(string code, string kind, bool urban)
    {
        var detail = await GetJsonAsync($"/api/v1/regions/{code}");
        Assert.Equal(kind, detail.GetProperty("kind").GetString());
        Assert.Equal(urban, detail.GetProperty("urban").GetBoolean());
        Assert.Equal(0, detail.GetProperty("childCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("childLevel").ValueKind);
    }

    [Fact]
    public async Task Paging_through_all_villages_of_Lampung_returns_each_exactly_once_in_code_order()
    {
        var codes = new List<string>();
        var pages = 0;
        string? next = "/api/v1/regions?level=village&parent=18&limit=1000";
        while (next is not null)
        {
            var response = await _client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            codes.AddRange(Codes(page));
            pages++;
            next = page.GetProperty("next").GetString();
            Assert.Equal(next is not null, response.Headers.TryGetValues("Link", out var link) && link.Single().Contains("rel=\"next\""));
        }
        Assert.Equal(2651, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.All(codes, c => Assert.StartsWith("18.", c));
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Level_filter_returns_every_province_and_nothing_else()
    {
        var page = await GetJsonAsync("/api/v1/regions?level=province&limit=1000");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(38, items.Count);
        Assert.All(items, i => Assert.Equal("province", i.GetProperty("level").GetString()));
    }

    [Theory]
    [InlineData("NGÏSON")]
    [InlineData("way ngison")]
    public async Task Name_search_is_case_and_accent_insensitive(string q)
    {
        var page = await GetJsonAsync($"/api/v1/regions?q={Uri.EscapeDataString(q)}");
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains("ngison", n!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Name_search_treats_like_wildcards_as_text()
    {
        var page = await GetJsonAsync("/api/v1/regions?q=%25%25");
        Assert.Empty(Codes(page));
    }

    [Fact]
    public async Task Search_combines_with_parent_and_level()
    {
        var page = await GetJsonAsync("/api/v1/regions?q=bandar&parent=18&level=regency");
        Assert.Equal(["18.71"], Codes(page));
    }

    [Theory]
    [InlineData("/api/v1/regions/18.1")]
    [InlineData("/api/v1/regions/abc")]
    [InlineData("/api/v1/regions/18.71.01.100")]
    [InlineData("/api/v1/regions/1")]
    [InlineData("/api/v1/regions/18.71.01.10031/children")]
    [InlineData("/api/v1/regions?parent=18.7")]
    public async Task Malformed_region_code_returns_problem_naming_the_expected_pattern(string url)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-region-code");
        Assert.Contains("NN.NN.NN.NNNN", problem.GetProperty("detail").GetString());
        Assert.True(problem.TryGetProperty("expectedPattern", out _));
        Assert.True(problem.TryGetProperty("hint", out _));
    }

    [Theory]
    [InlineData("/api/v1/regions/99")]
    [InlineData("/api/v1/regions/18.99")]
    [InlineData("/api/v1/regions/18.71.01.9999")]
    [InlineData("/api/v1/regions/18.99/children")]
    [InlineData("/api/v1/regions?parent=99")]
    public async Task Unknown_region_code_returns_problem_details(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "/problems/region-not-found");
    }

    [Theory]
    [InlineData("/api/v1/regions?level=kabupaten", "level")]
    [InlineData("/api/v1/regions?limit=0", "limit")]
    [InlineData("/api/v1/regions?limit=1001", "limit")]
    [InlineData("/api/v1/regions?limit=abc", "limit")]
    [InlineData("/api/v1/regions/18/children?limit=-5", "limit")]
    [InlineData("/api/v1/regions?q=a", "q")]
    public async Task Bad_parameter_returns_problem_naming_the_parameter(string url, string parameter)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/api/v1/regions?cursor=not-a-cursor")]
    [InlineData("/api/v1/regions/18/children?cursor=%21%21")]
    public async Task Forged_cursor_returns_problem_details(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-cursor");
    }

    [Theory]
    [InlineData("/api/v2/regions")]
    [InlineData("/api/v0.9/regions/18")]
    [InlineData("/api/vX/regions")]
    public async Task Unsupported_api_version_returns_problem_listing_supported_versions(string url)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/unsupported-api-version");
        Assert.Equal(["1.0"], problem.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()!).ToArray());
    }

    [Fact]
    public async Task Unknown_path_returns_problem_details_not_an_empty_404()
    {
        await (await _client.GetAsync("/api/v1/nowhere")).AssertProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task Responses_report_supported_api_versions()
    {
        var response = await _client.GetAsync("/api/v1/regions/18");
        response.EnsureSuccessStatusCode();
        Assert.Equal("1.0", string.Join(",", response.Headers.GetValues("api-supported-versions")));
    }

    [Fact]
    public async Task Region_source_states_package_version_licence_and_counts()
    {
        var source = await GetJsonAsync("/api/v1/sources/regions");
        Assert.Equal("idn-area-data", source.GetProperty("package").GetString());
        Assert.Equal("4.0.1", source.GetProperty("version").GetString());
        Assert.Contains("ODbL", source.GetProperty("licence").GetString());
        Assert.Equal(38, source.GetProperty("provinces").GetInt32());
        Assert.Equal(514, source.GetProperty("regencies").GetInt32());
        Assert.Equal(7285, source.GetProperty("districts").GetInt32());
        Assert.Equal(83762, source.GetProperty("villages").GetInt32());
    }

    [Fact]
    public async Task Problem_types_are_documented_at_their_uri()
    {
        var problem = await (await _client.GetAsync("/api/v1/regions/x")).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-region-code");
        var doc = await _client.GetFromJsonAsync<JsonElement>(problem.GetProperty("type").GetString());
        Assert.Equal("Invalid region code", doc.GetProperty("title").GetString());
    }
}
