using Microsoft.Playwright;

namespace Regsosek.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright: Playwright's own browser builds are never downloaded. A missing
/// Chromium fails the browser tests with the fix, it does not skip them.
/// </summary>
public static class ChromiumBrowser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is needed by the browser tests and is not at {ExecutablePath}. Fix: apt-get install -y chromium (scripts/test.sh does this when run as root)");
        }
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
