using Microsoft.Playwright;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Browser;

/// <summary>
/// Shared by the browser tests: a published synthetic Lampung release (named explicitly in every request, since other
/// tests publish releases that may become the current one), the API on a real port, and one Chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public StatisticsReleaseFixture Release { get; } = new();
    public KestrelApiFactory Api { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        // The browser first: without it nothing here can run, and it fails fastest.
        (_playwright, Browser) = await ChromiumBrowser.LaunchAsync();
        await Release.InitializeAsync();
        Api = new KestrelApiFactory(await TestDatabase.GetAsync());
        Api.Start();
        Http = new HttpClient { BaseAddress = Api.BaseAddress };
    }

    /// <summary>A fresh page that records console errors and uncaught exceptions (a CSP violation is a console error).</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Api.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        // Generous: the tests share two cores with the rest of the suite, and a slow step is not a wrong one.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
