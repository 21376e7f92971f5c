using System.Net;
using System.Text.Json;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Tables;

[Collection(ApiCollection.Name)]
public sealed class TablesApiTests(ApiFactory factory, TablesReleaseFixture release) : IClassFixture<TablesReleaseFixture>
{
    private static readonly string[] Tiers = ["extreme_poor", "poor", "vulnerable", "upper_middle"];

    private readonly HttpClient _client = factory.CreateClient();

    private string Pinned => "release=" + release.ReleaseName;

    private async Task<HttpResponseMessage> OkAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<JsonElement> JsonAsync(string url) => JsonDocument.Parse(await (await OkAsync(url)).Content.ReadAsStringAsync()).RootElement;

    private static JsonElement Row(JsonElement page, string code) => page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);

    private static int[] Counts(JsonElement row, string list) => row.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("count").GetInt32()).ToArray();

    [Theory]
    [InlineData("families")]
    [InlineData("persons")]
    public async Task By_tier_shows_what_the_tiers_show_for_the_same_regions(string measure)
    {
        var query = $"region=ID,18,18.71,18.71.01&measure={measure}&{Pinned}";
        var table = await JsonAsync($"/api/v1/statistics/tables?by=tier&{query}");
        var tiers = await JsonAsync($"/api/v1/statistics/tiers?{query}");
        foreach (var code in new[] { "ID", "18", "18.71", "18.71.01" })
        {
            Assert.Equal(Counts(Row(tiers, code), "tiers"), Counts(Row(table, code), "cells"));
            Assert.Equal(Row(tiers, code).GetProperty("total").GetInt32(), Row(table, code).GetProperty("total").GetInt32());
            Assert.Equal(Tiers, Row(table, code).GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("tier").GetString()));
        }
        Assert.Contains(Counts(Row(table, "18.71"), "cells"), c => c > 0);
    }

    [Fact]
    public async Task By_decile_shows_what_the_deciles_show_for_every_regency()
    {
        var query = $"parent=18&level=regency&{Pinned}";
        var table = await JsonAsync($"/api/v1/statistics/tables?by=decile&{query}");
        var deciles = await JsonAsync($"/api/v1/statistics/deciles?{query}");
        Assert.Equal(deciles.GetProperty("total").GetInt32(), table.GetProperty("total").GetInt32());
        foreach (var row in deciles.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(Counts(row, "deciles"), Counts(Row(table, row.GetProperty("code").GetString()!), "cells"));
        }
    }

    [Fact]
    public async Task A_cell_has_one_value_in_every_table_that_has_it()
    {
        // JSON-stat holds each table's margins: (tier=total, head_sex=female) of tier x head_sex is the female cell of
        // head_sex x disability's margin and of head_sex alone; (tier=poor, head_sex=total) is by=tier's poor cell.
        var query = $"region=18.71&{Pinned}";
        var tierSex = await JsonAsync($"/api/v1/statistics/tables.jsonstat?by=tier,head_sex&{query}");
        var sexDisability = await JsonAsync($"/api/v1/statistics/tables.jsonstat?by=head_sex,disability&{query}");
        var sex = await JsonAsync($"/api/v1/statistics/tables?by=head_sex&{query}");
        var tier = await JsonAsync($"/api/v1/statistics/tables?by=tier&{query}");
        var female = Counts(Row(sex, "18.71"), "cells")[1];
        Assert.True(female > 0);
        // Values are row-major over (measure 1, region 1, first variable, second variable), each variable's total first.
        Assert.Equal(female, tierSex.GetProperty("value")[0 * 3 + 2].GetInt32());
        Assert.Equal(female, sexDisability.GetProperty("value")[2 * 3 + 0].GetInt32());
        Assert.Equal(Counts(Row(tier, "18.71"), "cells"), Enumerable.Range(1, 4).Select(t => tierSex.GetProperty("value")[t * 3].GetInt32()));
        Assert.Equal(Row(tier, "18.71").GetProperty("total").GetInt32(), tierSex.GetProperty("value")[0].GetInt32());
    }

    [Fact]
    public async Task Every_region_has_every_combination_and_the_three_formats_hold_the_same_counts()
    {
        var query = $"by=head_sex,tier&parent=18.71&level=district&{Pinned}";
        var json = await JsonAsync($"/api/v1/statistics/tables?{query}");
        Assert.Equal(["tier", "head_sex"], json.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        var rows = json.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(8, r.GetProperty("cells").GetArrayLength()));
        Assert.All(rows, r => Assert.All(r.GetProperty("cells").EnumerateArray(), c => Assert.False(c.TryGetProperty("decile", out _))));

        var csvResponse = await OkAsync($"/api/v1/statistics/tables.csv?{query}");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("release,region_code,region_name,level,measure,tier,head_sex,count,coverage", csv[0]);
        Assert.Equal(rows.Count * 9, csv.Length - 1);
        var first = rows[0];
        var code = first.GetProperty("code").GetString();
        // The last column is the region's coverage (the regions of Lampung are covered in full); the rest as before.
        Assert.All(csv.Skip(1), l => Assert.EndsWith(",full", l));
        var lines = csv.Skip(1).Where(l => l.Contains($",{code},", StringComparison.Ordinal)).Select(l => l.Split(',')[..^1]).ToList();
        Assert.Equal([release.ReleaseName, "total", "total", first.GetProperty("total").GetInt32().ToString()], new[] { lines[0][0], lines[0][^3], lines[0][^2], lines[0][^1] });
        Assert.Equal(first.GetProperty("cells").EnumerateArray().Select(c => $"{c.GetProperty("tier").GetString()},{c.GetProperty("head_sex").GetString()},{c.GetProperty("count").GetInt32()}"),
            lines.Skip(1).Select(l => string.Join(',', l[^3..])));

        var statResponse = await OkAsync($"/api/v1/statistics/tables.jsonstat?{query}");
        Assert.Equal("application/json-stat+json", statResponse.Content.Headers.ContentType?.MediaType);
        var stat = JsonDocument.Parse(await statResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["measure", "region", "tier", "head_sex"], stat.GetProperty("id").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([1, rows.Count, 5, 3], stat.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("total", stat.GetProperty("dimension").GetProperty("head_sex").GetProperty("category").GetProperty("index")[0].GetString());
        // Region 0, tier poor (index 2), head_sex male (index 1).
        Assert.Equal(first.GetProperty("cells")[2].GetProperty("count").GetInt32(), stat.GetProperty("value")[2 * 3 + 1].GetInt32());
    }

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("json-stat", "application/json-stat+json")]
    public async Task The_plain_path_negotiates_format_as_the_tiers_do(string format, string mediaType)
    {
        var response = await OkAsync($"/api/v1/statistics/tables?by=tier&region=18&format={format}&{Pinned}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task More_variables_than_the_level_allows_is_a_problem_saying_how_many_are()
    {
        var district = release.Limits["district"];
        var tooMany = string.Join(',', new[] { "tier", "head_sex", "disability", "family_size", "decile" }.Take(district + 1));
        var response = await _client.GetAsync($"/api/v1/statistics/tables?by={tooMany}&parent=18.71&level=district&{Pinned}");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/table-too-detailed");
        Assert.Equal(district, problem.GetProperty("maxVariables").GetInt32());
        Assert.Contains($"at most {district}", problem.GetProperty("detail").GetString());
        // A listed district is held to the district limit too; the same table of the regencies is allowed.
        await (await _client.GetAsync($"/api/v1/statistics/tables.csv?by={tooMany}&region=18,18.71.01&{Pinned}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/table-too-detailed");
        Assert.True(release.Limits["regency"] > district, "the release's limits are stricter at district level");
        await OkAsync($"/api/v1/statistics/tables?by={tooMany}&parent=18&level=regency&{Pinned}");
    }

    [Fact]
    public async Task The_default_limits_allow_two_variables_at_district_level()
    {
        var response = await _client.GetAsync($"/api/v1/statistics/tables?by=tier,head_sex,disability&parent=18.71&level=district&{Pinned}");
        Assert.Equal(2, (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/table-too-detailed")).GetProperty("maxVariables").GetInt32());
    }

    [Fact]
    public async Task An_unknown_variable_is_refused_with_the_names_allowed()
    {
        var problem = await (await _client.GetAsync($"/api/v1/statistics/tables.jsonstat?by=tier,income&region=18&{Pinned}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("by", problem.GetProperty("parameter").GetString());
        Assert.Equal(["tier", "decile", "head_sex", "head_age_group", "disability", "family_size"],
            problem.GetProperty("allowed").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task A_release_without_custom_tables_answers_404() =>
        await (await _client.GetAsync($"/api/v1/statistics/tables?by=tier&region=18&release={release.WithoutTables}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "/problems/tables-not-published");

    [Fact]
    public async Task Pages_follow_the_next_links_through_every_district_once()
    {
        var all = await JsonAsync($"/api/v1/statistics/tables?by=disability&parent=18&level=district&{Pinned}");
        var url = $"/api/v1/statistics/tables?by=disability&parent=18&level=district&limit=40&{Pinned}";
        var seen = new List<string>();
        while (true)
        {
            var response = await OkAsync(url);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(all.GetProperty("total").GetInt32(), page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("code").GetString()!));
            if (page.GetProperty("next").GetString() is not { } next)
            {
                break;
            }
            Assert.Contains("by=disability", next);
            Assert.Equal($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link").Single());
            url = next;
        }
        Assert.True(seen.Count > 40, "more than one page");
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("code").GetString()), seen);
    }

    [Fact]
    public async Task A_table_not_modified_since_its_etag_answers_304()
    {
        var url = $"/api/v1/statistics/tables?by=tier,disability&region=18&{Pinned}";
        var first = await OkAsync(url);
        Assert.NotNull(first.Headers.ETag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await _client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task The_release_lists_the_variables_their_categories_and_the_limits()
    {
        var tables = (await JsonAsync($"/api/v1/releases/{release.ReleaseName}")).GetProperty("tables");
        Assert.Equal(["tier", "decile", "head_sex", "head_age_group", "disability", "family_size"],
            tables.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        var sex = tables.GetProperty("variables")[2];
        Assert.Equal("Jenis kelamin kepala keluarga", sex.GetProperty("label").GetProperty("id").GetString());
        Assert.Equal(["male", "female"], sex.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.Equal("Perempuan", sex.GetProperty("categories")[1].GetProperty("label").GetProperty("id").GetString());
        var max = tables.GetProperty("maxVariables");
        Assert.Equal(release.Limits, new[] { "national", "province", "regency", "district", "village" }.ToDictionary(l => l, l => max.GetProperty(l).GetInt32()));

        var without = await JsonAsync($"/api/v1/releases/{release.WithoutTables}");
        Assert.False(without.TryGetProperty("tables", out _), "a release without custom tables has no tables property");
    }
}
