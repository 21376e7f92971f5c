using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Regsosek.Tests.Browser;

/// <summary>What the explorer shows, read from the page the way a person reads it (text of cells, links, breadcrumb).</summary>
public sealed class ExplorerPage(IPage page)
{
    public IPage Page => page;

    /// <summary>Waits until the page has finished showing one region (main carries the view it completed).</summary>
    public async Task WaitForViewAsync(string region, string measure = "families")
    {
        var view = page.Locator($"main[aria-busy='false'][data-region='{region}'][data-measure='{measure}']");
        try
        {
            await view.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var error = await page.Locator("#error").TextContentAsync();
            throw new TimeoutException($"the explorer did not show {region} ({measure}); its error box says: '{error}'");
        }
    }

    public ILocator RowLink(string code) => page.Locator($"#table-body tr[data-code='{code}'] th a");

    public Task<IReadOnlyList<string>> BreadcrumbAsync() => page.Locator("#breadcrumb li").AllInnerTextsAsync();

    /// <summary>The table's rows as shown: code, the region's name (without the code beside it) and each cell's text.</summary>
    public async Task<IReadOnlyList<TableRow>> TableAsync()
    {
        // One round trip for the whole table rather than one per cell.
        var rows = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('#table-body tr')].map(row => ({
              code: row.dataset.code,
              name: row.querySelector('th').childNodes[0].textContent.trim(),
              cells: Object.fromEntries([...row.querySelectorAll('td')].map(td => [td.dataset.col, td.innerText.trim()])),
            }))
            """);
        return rows.EnumerateArray().Select(row => new TableRow(
            row.GetProperty("code").GetString()!,
            row.GetProperty("name").GetString()!,
            row.GetProperty("cells").EnumerateObject().ToDictionary(cell => cell.Name, cell => cell.Value.GetString()!))).ToList();
    }

    /// <summary>The chart's data as Chart.js holds it: bar labels and, per tier, the percentages drawn.</summary>
    public async Task<ChartData> ChartAsync()
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => {
              const chart = Chart.getChart(document.getElementById('chart'));
              return { labels: chart.data.labels, tiers: chart.data.datasets.map(d => d.tier), colours: chart.data.datasets.map(d => d.backgroundColor), values: chart.data.datasets.map(d => d.data) };
            }
            """);
        return new ChartData(
            json.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList(),
            json.GetProperty("tiers").EnumerateArray().Select(t => t.GetString()!).ToList(),
            json.GetProperty("colours").EnumerateArray().Select(c => c.GetString()!).ToList(),
            json.GetProperty("values").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToList()).ToList());
    }

    /// <summary>How many canvas pixels have exactly this colour: proof that the bars were painted, not just configured.</summary>
    public Task<int> ChartPixelsOfColourAsync(string hex) =>
        page.EvaluateAsync<int>("""
            hex => {
              const canvas = document.getElementById('chart');
              const [r, g, b] = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let n = 0;
              for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b && pixels[i + 3] === 255) n++;
              return n;
            }
            """, hex);

    public Task ScreenshotAsync(string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot(name), FullPage = true });

    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

public sealed record TableRow(string Code, string Name, IReadOnlyDictionary<string, string> Cells);

public sealed record ChartData(IReadOnlyList<string> Labels, IReadOnlyList<string> Tiers, IReadOnlyList<string> Colours, IReadOnlyList<IReadOnlyList<double>> Values);
