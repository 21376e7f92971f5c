using System.Globalization;
using System.Text.Json;
using Sylvan.Data.Csv;

namespace Regsosek.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ExplorerTests(BrowserFixture fixture)
{
    private static readonly string[] Tiers = ["extreme_poor", "poor", "vulnerable", "upper_middle"];

    private string Release => fixture.Release.ReleaseName;

    private async Task<JsonElement> ApiAsync(string url)
    {
        var response = await fixture.Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The rows the page should show for a region, straight from the API: its children, or the village itself.</summary>
    private async Task<Dictionary<string, JsonElement>> ApiRowsAsync(string region, string measure)
    {
        var scope = region == "ID" ? "" : region.Split('.').Length == 4 ? $"region={region}&" : $"parent={region}&";
        var page = await ApiAsync($"/api/v1/statistics/tiers?{scope}release={Release}&measure={measure}&limit=5000");
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        return page.GetProperty("items").EnumerateArray().ToDictionary(item => item.GetProperty("code").GetString()!);
    }

    private static JsonElement Cell(JsonElement row, string tier) => row.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == tier);

    private static double? Share(JsonElement row, string tier) => Cell(row, tier).GetProperty("share") is { ValueKind: JsonValueKind.Number } share ? share.GetDouble() : null;

    /// <summary>Table, sort order, chart and breadcrumb of the current view against direct API calls; returns the table.</summary>
    private async Task<IReadOnlyList<TableRow>> AssertShowsApiNumbersAsync(ExplorerPage explorer, string region, string measure = "families")
    {
        var expected = await ApiRowsAsync(region, measure);
        var table = await explorer.TableAsync();

        Assert.Equal(expected.Keys.Order(), table.Select(r => r.Code).Order());
        foreach (var row in table)
        {
            var api = expected[row.Code];
            Assert.Equal(api.GetProperty("name").GetString(), row.Name);
            // A region the release does not cover has null counts: shown as such, never as 0.
            var covered = api.GetProperty("coverage").GetString() != "none";
            Assert.Equal(covered ? ExplorerPage.Integer(api.GetProperty("total").GetInt64()) : "not covered", row.Cells["total"]);
            foreach (var tier in Tiers)
            {
                Assert.Equal(covered ? ExplorerPage.Integer(Cell(api, tier).GetProperty("count").GetInt64()) : "–", row.Cells[$"{tier}-count"]);
                var shown = row.Cells[$"{tier}-share"];
                if (Share(api, tier) is { } share)
                {
                    // Shown to a tenth of a percent: within half a tenth of the API's share.
                    var percent = double.Parse(shown.TrimEnd('%'), CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(percent - share * 100) <= 0.05 + 1e-9, $"{row.Code} {tier}: shown {shown}, API share {share}");
                }
                else
                {
                    Assert.Equal("–", shown);
                }
            }
        }

        // Highest extreme-poor share first, regions without published counts last.
        var extreme = table.Select(r => Share(expected[r.Code], "extreme_poor")).ToList();
        var published = extreme.TakeWhile(s => s is not null).Select(s => s!.Value).ToList();
        Assert.All(extreme.Skip(published.Count), s => Assert.Null(s));
        Assert.Equal(published.OrderDescending(), published);

        // The chart draws the same rows in the same order, with the API's shares, and its bars are painted.
        var charted = table.Where(r => expected[r.Code].GetProperty("denominator") is { ValueKind: JsonValueKind.Number } d && d.GetInt64() > 0).ToList();
        var chart = await explorer.ChartAsync();
        Assert.Equal(charted.Select(r => r.Name), chart.Labels);
        Assert.Equal(Tiers, chart.Tiers);
        for (var t = 0; t < Tiers.Length; t++)
        {
            Assert.Equal(charted.Select(r => Share(expected[r.Code], Tiers[t])!.Value * 100), chart.Values[t]);
            if (charted.Any(r => Share(expected[r.Code], Tiers[t]) > 0.005))
            {
                Assert.True(await explorer.ChartPixelsOfColourAsync(chart.Colours[t]) > 0, $"no {Tiers[t]} bar ({chart.Colours[t]}) painted for {region}");
            }
        }

        var statistics = await ApiAsync($"/api/v1/regions/{region}/statistics?release={Release}");
        var trail = statistics.GetProperty("ancestors").EnumerateArray().Append(statistics.GetProperty("region")).Select(r => r.GetProperty("name").GetString());
        Assert.Equal(trail, await explorer.BreadcrumbAsync());
        return table;
    }

    /// <summary>Follows a region's link in the table with the keyboard, as someone without a mouse would.</summary>
    private static async Task OpenByKeyboardAsync(ExplorerPage explorer, string code)
    {
        await explorer.RowLink(code).FocusAsync();
        await explorer.Page.Keyboard.PressAsync("Enter");
        await explorer.WaitForViewAsync(code);
    }

    /// <summary>The first region in the table (the highest extreme-poor share) that has published counts.</summary>
    private static string FirstWithCounts(IReadOnlyList<TableRow> table) => table.First(r => r.Cells["total"] != "0").Code;

    [Fact]
    public async Task Explorer_drills_down_from_Indonesia_to_a_Lampung_village_showing_the_APIs_numbers()
    {
        var (page, errors) = await fixture.NewPageAsync();
        var explorer = new ExplorerPage(page);
        await page.GotoAsync($"/explorer/#release={Release}");
        await explorer.WaitForViewAsync("ID");

        Assert.Equal(Release, await page.Locator("#release").InputValueAsync());
        var release = await ApiAsync($"/api/v1/releases/{Release}");
        Assert.Equal(release.GetProperty("disclosureControl").GetProperty("statement").GetString(), await page.Locator("#disclosure-statement").InnerTextAsync());
        Assert.True(await page.Locator("#disclosure-statement").IsVisibleAsync());
        var national = await AssertShowsApiNumbersAsync(explorer, "ID");
        Assert.Equal(38, national.Count);
        await explorer.ScreenshotAsync("explorer-1-national");

        await OpenByKeyboardAsync(explorer, "18");
        var regencies = await AssertShowsApiNumbersAsync(explorer, "18");
        await explorer.ScreenshotAsync("explorer-2-province");

        await OpenByKeyboardAsync(explorer, FirstWithCounts(regencies));
        var districts = await AssertShowsApiNumbersAsync(explorer, FirstWithCounts(regencies));
        await explorer.ScreenshotAsync("explorer-3-regency");

        var district = FirstWithCounts(districts);
        await explorer.RowLink(district).ClickAsync();
        await explorer.WaitForViewAsync(district);
        var villages = await AssertShowsApiNumbersAsync(explorer, district);
        await explorer.ScreenshotAsync("explorer-4-district");

        var village = FirstWithCounts(villages);
        await explorer.RowLink(village).ClickAsync();
        await explorer.WaitForViewAsync(village);
        var own = await AssertShowsApiNumbersAsync(explorer, village);
        Assert.Equal(village, Assert.Single(own).Code);
        await explorer.ScreenshotAsync("explorer-5-village");

        // Back up through the breadcrumb to the province.
        await page.Locator("#breadcrumb a", new() { HasText = "Lampung" }).First.ClickAsync();
        await explorer.WaitForViewAsync("18");
        Assert.True(errors.Count == 0, "the browser reported errors:\n" + string.Join("\n", errors));
    }

    [Fact]
    public async Task Explorer_CSV_link_downloads_the_rows_of_the_table()
    {
        var district = (await ApiAsync($"/api/v1/statistics/tiers?parent=18.71&release={Release}&limit=1")).GetProperty("items")[0].GetProperty("code").GetString()!;
        var (page, errors) = await fixture.NewPageAsync();
        var explorer = new ExplorerPage(page);
        await page.GotoAsync($"/explorer/#release={Release}&region={district}");
        await explorer.WaitForViewAsync(district);
        var table = await explorer.TableAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        Assert.Equal($"regsosek-{Release}-{district}-families-tiers.csv", download.SuggestedFilename);
        using var reader = CsvDataReader.Create(new StringReader(csv), new CsvDataReaderOptions { HasHeaders = true });
        Assert.Equal(["release", "region_code", "region_name", "level", "parent_code", "measure", "total"], Enumerable.Range(0, 7).Select(reader.GetName));
        var rows = new Dictionary<string, (string Name, string Measure, long Total, long[] Counts)>();
        while (reader.Read())
        {
            Assert.Equal(Release, reader.GetString(reader.GetOrdinal("release")));
            rows[reader.GetString(reader.GetOrdinal("region_code"))] = (reader.GetString(reader.GetOrdinal("region_name")),
                reader.GetString(reader.GetOrdinal("measure")), reader.GetInt64(reader.GetOrdinal("total")),
                Tiers.Select(tier => reader.GetInt64(reader.GetOrdinal(tier))).ToArray());
        }
        Assert.Equal(table.Select(r => r.Code).Order(), rows.Keys.Order());
        foreach (var row in table)
        {
            var (name, measure, total, counts) = rows[row.Code];
            Assert.Equal(row.Name, name);
            Assert.Equal("families", measure);
            Assert.Equal(row.Cells["total"], ExplorerPage.Integer(total));
            Assert.Equal(Tiers.Select(tier => row.Cells[$"{tier}-count"]), counts.Select(ExplorerPage.Integer));
        }
        Assert.True(errors.Count == 0, "the browser reported errors:\n" + string.Join("\n", errors));
    }

    [Fact]
    public async Task Explorer_breaks_a_region_down_by_a_chosen_variable_with_the_APIs_table_and_its_CSV()
    {
        var (page, errors) = await fixture.NewPageAsync();
        var explorer = new ExplorerPage(page);
        await page.GotoAsync($"/explorer/#release={Release}&region=18.71");
        await explorer.WaitForViewAsync("18.71");

        await page.Locator("#by").SelectOptionAsync("head_sex");
        await page.Locator("main[aria-busy='false'][data-region='18.71'][data-by='head_sex']").WaitForAsync(new() { Timeout = 60_000 });

        var table = (await ApiAsync($"/api/v1/statistics/tables?by=tier,head_sex&region=18.71&release={Release}")).GetProperty("items")[0];
        foreach (var cell in table.GetProperty("cells").EnumerateArray())
        {
            var shown = await page.Locator($"#breakdown-body tr[data-category='{cell.GetProperty("head_sex").GetString()}'] td[data-col='{cell.GetProperty("tier").GetString()}']").InnerTextAsync();
            Assert.Equal(ExplorerPage.Integer(cell.GetProperty("count").GetInt64()), shown);
        }
        Assert.Equal(2, await page.Locator("#breakdown-body tr").CountAsync());
        var csv = await page.Locator("#breakdown-csv").GetAttributeAsync("href");
        Assert.Contains("/api/v1/statistics/tables.csv?by=tier%2Chead_sex&region=18.71", csv);
        Assert.True(errors.Count == 0, "the browser reported errors:\n" + string.Join("\n", errors));
    }

    [Fact]
    public async Task Explorer_shows_persons_when_chosen_and_stays_on_the_region()
    {
        var (page, errors) = await fixture.NewPageAsync();
        var explorer = new ExplorerPage(page);
        await page.GotoAsync($"/explorer/#release={Release}&region=18");
        await explorer.WaitForViewAsync("18");

        await page.Locator("#measure").SelectOptionAsync("persons");
        await explorer.WaitForViewAsync("18", "persons");

        await AssertShowsApiNumbersAsync(explorer, "18", "persons");
        var persons = (await ApiAsync($"/api/v1/regions/18/statistics?release={Release}")).GetProperty("persons").GetProperty("total").GetInt64();
        Assert.Contains($"{ExplorerPage.Integer(persons)} persons (jiwa)", await page.Locator("#region-meta").InnerTextAsync());
        Assert.True(errors.Count == 0, "the browser reported errors:\n" + string.Join("\n", errors));
    }

    [Fact]
    public async Task Explorer_shows_the_APIs_problem_for_a_region_that_does_not_exist()
    {
        var (page, _) = await fixture.NewPageAsync();
        await page.GotoAsync($"/explorer/#release={Release}&region=99.99");

        var error = page.Locator("#error");
        await error.WaitForAsync();
        Assert.Contains("Region not found", await error.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("alert", await error.GetAttributeAsync("role"));
    }
}
