using System.Text.Json;
using Dapper;
using Npgsql;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// The statistics release holds Lampung's families only (no coverage declared: the default is the provinces with a
/// family, 18). Regions of another province are not covered (null, never 0), Indonesia is covered in part, Lampung and
/// everything below it in full.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CoverageTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    /// <summary>DKI Jakarta, a province the release does not cover, and one of its regencies.</summary>
    private const string Jakarta = "31";
    private const string JakartaRegency = "31.71";

    private readonly HttpClient _client = factory.CreateClient();

    private string Pinned => "release=" + release.ReleaseName;

    private async Task<string> GetTextAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<JsonElement> GetJsonAsync(string url) => JsonDocument.Parse(await GetTextAsync(url)).RootElement;

    [Fact]
    public async Task The_publisher_stores_the_default_coverage_and_marks_every_region_none_partial_or_full()
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        Assert.Equal(["18"], await connection.ExecuteScalarAsync<string[]>("SELECT coverage FROM stats.release WHERE id = @id", new { id = release.ReleaseId }) ?? []);
        var byCoverage = (await connection.QueryAsync<(short Coverage, string Scope, int Regions, int WithCounts)>("""
            SELECT coverage, CASE WHEN region_code = 'ID' THEN 'ID' WHEN region_code = '18' OR region_code LIKE '18.%' THEN '18' ELSE 'other' END,
                   count(*)::int, count(families_total)::int
              FROM stats.region_stat WHERE release_id = @id GROUP BY 1, 2 ORDER BY 1, 2
            """, new { id = release.ReleaseId })).ToList();
        var lampung = await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM region WHERE code = '18' OR code LIKE '18.%'");
        var others = await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM region") - lampung;

        Assert.Equal([((short)0, "other", others, 0), ((short)1, "ID", 1, 1), ((short)2, "18", lampung, lampung)], byCoverage);
        // Not covered is never stored as 0: every count of those rows is null.
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM stats.region_stat
             WHERE release_id = @id AND coverage = 0
               AND num_nonnulls(families_total, persons_total, families_by_tier, persons_by_tier, families_by_decile, persons_by_decile) > 0
            """, new { id = release.ReleaseId }));
    }

    [Fact]
    public async Task Json_answers_null_counts_and_coverage_none_for_another_province_and_partial_for_Indonesia()
    {
        var page = await GetJsonAsync($"/api/v1/statistics/tiers?region={Jakarta},ID,18&{Pinned}");
        var rows = page.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);

        var jakarta = rows[Jakarta];
        Assert.Equal("none", jakarta.GetProperty("coverage").GetString());
        Assert.Equal(JsonValueKind.Null, jakarta.GetProperty("total").ValueKind);
        Assert.Equal(JsonValueKind.Null, jakarta.GetProperty("denominator").ValueKind);
        Assert.All(jakarta.GetProperty("tiers").EnumerateArray(), t =>
        {
            Assert.Equal(JsonValueKind.Null, t.GetProperty("count").ValueKind);
            Assert.Equal(JsonValueKind.Null, t.GetProperty("share").ValueKind);
        });
        Assert.Equal("partial", rows["ID"].GetProperty("coverage").GetString());
        Assert.True(rows["ID"].GetProperty("total").GetInt32() > 0);
        Assert.Equal("full", rows["18"].GetProperty("coverage").GetString());

        var deciles = await GetJsonAsync($"/api/v1/statistics/deciles?parent={Jakarta}&level=regency&measure=persons&{Pinned}");
        Assert.All(deciles.GetProperty("items").EnumerateArray(), r =>
        {
            Assert.Equal("none", r.GetProperty("coverage").GetString());
            Assert.All(r.GetProperty("deciles").EnumerateArray(), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("count").ValueKind));
        });

        var whole = await GetJsonAsync($"/api/v1/regions/{JakartaRegency}/statistics?{Pinned}");
        Assert.Equal("none", whole.GetProperty("coverage").GetString());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("families").GetProperty("total").ValueKind);
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("persons").GetProperty("deciles")[0].GetProperty("count").ValueKind);
    }

    [Fact]
    public async Task Csv_leaves_the_counts_and_shares_of_a_region_not_covered_empty_and_says_why()
    {
        var lines = (await GetTextAsync($"/api/v1/statistics/tiers.csv?region=18,{Jakarta}&{Pinned}")).TrimEnd().Split("\r\n");
        var header = lines[0].Split(',');
        Assert.Equal("coverage", header[^1]);
        var jakarta = lines.Select(l => l.Split(',')).Single(f => f[1] == Jakarta);
        Assert.Equal(header.Length, jakarta.Length);
        var total = Array.IndexOf(header, "total");
        Assert.All(jakarta[total..^1], field => Assert.Equal("", field));
        Assert.Equal("none", jakarta[^1]);
        var lampung = lines.Select(l => l.Split(',')).Single(f => f[1] == "18");
        Assert.Equal("full", lampung[^1]);
        Assert.NotEqual("", lampung[total]);
    }

    [Fact]
    public async Task Json_stat_marks_the_values_of_a_region_not_covered_with_a_status_and_notes_a_partial_one()
    {
        var dataset = await GetJsonAsync($"/api/v1/statistics/tiers.jsonstat?region=18,{Jakarta},ID&{Pinned}");
        var values = dataset.GetProperty("value").EnumerateArray().ToList();

        Assert.Equal(15, values.Count);
        Assert.All(values[..5], v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
        Assert.All(values[5..10], v => Assert.Equal(JsonValueKind.Null, v.ValueKind));
        var status = dataset.GetProperty("status").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(Enumerable.Range(5, 5).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => (string?)"not covered"), status);
        Assert.Contains(dataset.GetProperty("note").EnumerateArray(), n => n.GetString()!.Contains("in part") && n.GetString()!.Contains("ID"));

        var covered = await GetJsonAsync($"/api/v1/statistics/tiers.jsonstat?region=18&{Pinned}");
        Assert.False(covered.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task A_custom_table_answers_a_region_not_covered_with_null_and_empty_cells_never_0()
    {
        var table = await GetJsonAsync($"/api/v1/statistics/tables?by=tier,head_sex&region={Jakarta},18&{Pinned}");
        var jakarta = table.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("code").GetString() == Jakarta);
        Assert.Equal("none", jakarta.GetProperty("coverage").GetString());
        Assert.Equal(JsonValueKind.Null, jakarta.GetProperty("total").ValueKind);
        Assert.Equal(8, jakarta.GetProperty("cells").GetArrayLength());
        Assert.All(jakarta.GetProperty("cells").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("count").ValueKind));

        var csv = (await GetTextAsync($"/api/v1/statistics/tables.csv?by=tier&region={Jakarta}&{Pinned}")).TrimEnd().Split("\r\n");
        Assert.EndsWith(",count,coverage", csv[0]);
        Assert.All(csv[1..], line => Assert.EndsWith(",,none", line));

        var cube = await GetJsonAsync($"/api/v1/statistics/tables.jsonstat?by=tier&region={Jakarta}&{Pinned}");
        Assert.All(cube.GetProperty("value").EnumerateArray(), v => Assert.Equal(JsonValueKind.Null, v.ValueKind));
        Assert.Equal(5, cube.GetProperty("status").EnumerateObject().Count(p => p.Value.GetString() == "not covered"));
    }

    [Fact]
    public async Task The_release_resource_lists_its_coverage_and_says_what_partial_and_none_mean()
    {
        var resource = await GetJsonAsync($"/api/v1/releases/{release.ReleaseName}");
        var coverage = resource.GetProperty("coverage");

        Assert.Equal(["18"], coverage.GetProperty("regions").EnumerateArray().Select(c => c.GetString()));
        var note = coverage.GetProperty("note").GetString()!;
        Assert.Contains("partial", note);
        Assert.Contains("none", note);
    }
    [Fact]
    public async Task The_OpenAPI_document_requires_coverage_as_an_enum_and_makes_the_counts_nullable()
    {
        var schemas = (await GetJsonAsync("/swagger/v1/swagger.json")).GetProperty("components").GetProperty("schemas");

        Assert.Equal(["full", "partial", "none"], schemas.GetProperty("Coverage").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        foreach (var (schema, counts) in new[] { ("TierRow", "total"), ("DecileRow", "denominator"), ("TableRow", "total"), ("TierCount", "count"), ("TableCellCount", "count") })
        {
            var properties = schemas.GetProperty(schema).GetProperty("properties");
            Assert.True(properties.GetProperty(counts).GetProperty("nullable").GetBoolean(), $"{schema}.{counts} is nullable");
            Assert.Contains(counts, schemas.GetProperty(schema).GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        }
        foreach (var schema in new[] { "TierRow", "DecileRow", "TableRow", "RegionStatisticsResponse" })
        {
            Assert.Contains("coverage", schemas.GetProperty(schema).GetProperty("required").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains("#/components/schemas/Coverage", schemas.GetProperty(schema).GetProperty("properties").GetProperty("coverage").GetRawText());
        }
        Assert.Contains("coverage", schemas.GetProperty("ReleaseResponse").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }
}
