using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Asp.Versioning.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using Regsosek.Api.Explorer;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

/// <summary>How the explorer's static files are served; what the page does is in Browser/ExplorerTests.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class ExplorerHostingTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task Explorer_address_redirects_into_its_folder_so_relative_links_resolve()
    {
        var response = await _client.GetAsync("/explorer");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/explorer/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Explorer_page_is_served_with_a_strict_content_security_policy_and_no_inline_code()
    {
        var response = await _client.GetAsync("/explorer/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ExplorerExtensions.ContentSecurityPolicy, string.Join("; ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self'", ExplorerExtensions.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", ExplorerExtensions.ContentSecurityPolicy);
        // The policy forbids inline code; the page must not need any.
        Assert.Empty(InlineScript().Matches(html));
        Assert.Empty(InlineStyleOrHandler().Matches(html));
        Assert.Contains("<script src=\"vendor/chart.umd.min.js\" defer></script>", html);
        Assert.Contains("<script src=\"explorer.js\" defer></script>", html);
    }

    [Theory]
    [InlineData("/explorer/explorer.js", "text/javascript")]
    [InlineData("/explorer/explorer.css", "text/css")]
    [InlineData("/explorer/vendor/chart.umd.min.js", "text/javascript")]
    [InlineData("/explorer/favicon.svg", "image/svg+xml")]
    public async Task Explorer_scripts_and_styles_are_served_from_this_origin(string url, string mediaType)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Explorer_is_in_no_OpenAPI_document()
    {
        var versions = factory.Services.GetRequiredService<IApiVersionDescriptionProvider>().ApiVersionDescriptions;
        Assert.NotEmpty(versions);
        foreach (var version in versions)
        {
            var document = JsonDocument.Parse(await _client.GetStringAsync($"/swagger/{version.GroupName}/swagger.json")).RootElement;
            Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), path => path.Name.StartsWith("/explorer", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Vendored_chart_library_is_the_version_the_vendor_script_pins_and_has_its_licence_beside_it()
    {
        var script = File.ReadAllText(RepositoryPaths.Of("scripts", "vendor-explorer.sh"));
        var version = Regex.Match(script, @"^version=(\S+)$", RegexOptions.Multiline).Groups[1].Value;
        var vendor = RepositoryPaths.Of("src", "Regsosek.Api", "wwwroot", "explorer", "vendor");

        Assert.NotEmpty(version);
        Assert.StartsWith($"/*!\n * Chart.js v{version}\n", File.ReadAllText(Path.Combine(vendor, "chart.umd.min.js")));
        Assert.Contains("The MIT License (MIT)", File.ReadAllText(Path.Combine(vendor, "chart.js.LICENSE.md")));
        Assert.StartsWith($"chart.js {version} ", File.ReadAllText(Path.Combine(vendor, "chart.js.VERSION")));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\s(style|on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();
}
