using System.Net;
using System.Text.Json;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Exports;

/// <summary>
/// Every CSV links a CSVW description of itself (Link: rel="describedby"), as a CSVW processor looks for it: the
/// description found there names that very CSV (its url resolves to the CSV's URL) and types its columns in the
/// header's order, codes as text.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CsvwTests(ApiFactory factory, StatisticsReleaseFixture release) : IClassFixture<StatisticsReleaseFixture>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task FollowAndCheckAsync(string csvUrl, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, csvUrl);
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        using var csv = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var header = (await csv.Content.ReadAsStringAsync()).Split("\r\n")[0].Split(',');
        var link = Assert.Single(csv.Headers.GetValues("Link"), l => l.Contains("rel=\"describedby\"", StringComparison.Ordinal));
        Assert.Contains("type=\"application/csvm+json\"", link);
        var csvAddress = new Uri(_client.BaseAddress!, csvUrl);
        var metadataAddress = new Uri(csvAddress, link[(link.IndexOf('<') + 1)..link.IndexOf('>')]);

        using var metadata = await _client.GetAsync(metadataAddress);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal("application/csvm+json", metadata.Content.Headers.ContentType?.MediaType);
        var table = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("http://www.w3.org/ns/csvw", table.GetProperty("@context").GetString());
        Assert.Equal(csvAddress, new Uri(metadataAddress, table.GetProperty("url").GetString()));
        var columns = table.GetProperty("tableSchema").GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(header, columns.Select(c => c.GetProperty("titles").GetString()));
        var types = columns.ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("datatype").GetString());
        Assert.Equal(("string", "string", "integer"), (types["region_code"], types["parent_code"], types["total"]));
        Assert.Equal(("decimal", "string"), (types[header[^2]], types["coverage"]));
    }

    [Fact]
    public Task A_page_of_tier_counts_as_csv_links_a_description_that_names_it_and_types_codes_as_text() =>
        FollowAndCheckAsync($"/api/v1/statistics/tiers.csv?parent=18.71&level=district&release={release.ReleaseName}");

    [Fact]
    public Task The_decile_csv_of_listed_regions_links_its_description_too() =>
        FollowAndCheckAsync($"/api/v1/statistics/deciles.csv?region=18,18.71&release={release.ReleaseName}");

    // A CSVW processor ignores a description whose url is not the URL it fetched (CSVW 5.2): tiers?format=csv is not tiers.csv.
    [Fact]
    public Task The_csv_asked_for_with_format_at_the_plain_path_links_a_description_that_names_that_path_and_query() =>
        FollowAndCheckAsync($"/api/v1/statistics/tiers?parent=18.71&level=district&format=csv&release={release.ReleaseName}");

    [Fact]
    public Task The_csv_asked_for_with_an_accept_header_links_a_description_that_names_the_url_it_was_asked_at() =>
        FollowAndCheckAsync($"/api/v1/statistics/deciles?region=18,18.71&release={release.ReleaseName}", accept: "text/csv");

    [Fact]
    public Task A_bulk_export_links_the_description_of_that_file() =>
        FollowAndCheckAsync($"/api/v1/releases/{release.ReleaseName}/exports/deciles.csv");

    [Fact]
    public async Task The_description_of_an_export_of_an_unknown_release_is_a_not_found_problem()
    {
        using var response = await _client.GetAsync("/api/v1/releases/no-such-release/exports/tiers.csv-metadata.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
