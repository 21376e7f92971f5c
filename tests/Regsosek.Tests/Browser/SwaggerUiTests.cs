using System.Text.Json;
using Asp.Versioning.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace Regsosek.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SwaggerUiTests(BrowserFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private async Task<JsonElement> ApiAsync(string url)
    {
        var response = await fixture.Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Swagger_UI_loads_the_document_of_every_API_version()
    {
        var documents = fixture.Api.Services.GetRequiredService<IApiVersionDescriptionProvider>().ApiVersionDescriptions
            .Select(d => $"/swagger/{d.GroupName}/swagger.json").ToList();
        Assert.NotEmpty(documents);
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/swagger/index.html");

        var picker = page.Locator(".topbar select");
        await picker.WaitForAsync();
        Assert.Equal(documents, await picker.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
        foreach (var url in documents)
        {
            await picker.SelectOptionAsync(url);
            var document = await ApiAsync(url);
            var operations = document.GetProperty("paths").EnumerateObject().Sum(path => path.Value.EnumerateObject().Count(op => Methods.Contains(op.Name)));
            var info = page.Locator(".information-container");
            await info.Locator(".title", new() { HasText = document.GetProperty("info").GetProperty("title").GetString() }).WaitForAsync();
            Assert.Contains(document.GetProperty("info").GetProperty("version").GetString()!, await info.Locator(".title .version").First.InnerTextAsync());
            await page.Locator(".opblock").Nth(operations - 1).WaitForAsync();
            Assert.Equal(operations, await page.Locator(".opblock").CountAsync());
            Assert.Equal(0, await page.Locator(".errors-wrapper").CountAsync());
        }
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("swagger-ui"), FullPage = true });
        Assert.True(errors.Count == 0, "the browser reported errors:\n" + string.Join("\n", errors));
    }

    [Fact]
    public async Task Try_it_out_on_tier_statistics_answers_200_with_the_published_numbers()
    {
        var release = fixture.Release.ReleaseName;
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/swagger/index.html");

        var operation = page.Locator(".opblock-get", new() { Has = page.Locator(".opblock-summary-path[data-path='/api/v1/statistics/tiers']") });
        await operation.Locator(".opblock-summary-control").ClickAsync();
        await operation.Locator("tr[data-param-name='region'] input").FillAsync("18");
        await operation.Locator("tr[data-param-name='release'] input").FillAsync(release);
        await operation.Locator("button.execute").ClickAsync();

        var status = operation.Locator(".live-responses-table tbody .response-col_status");
        await status.WaitForAsync();
        var requestUrl = await operation.Locator(".request-url").InnerTextAsync();
        var body = await operation.Locator(".live-responses-table tbody .response-col_description pre").First.InnerTextAsync();
        Assert.True((await status.InnerTextAsync()).Trim() == "200", $"{requestUrl} answered {await status.InnerTextAsync()}: {body}");
        Assert.Contains("region=18", requestUrl);
        var shown = JsonDocument.Parse(body).RootElement;
        var expected = await ApiAsync($"/api/v1/statistics/tiers?region=18&release={release}");
        var lampung = Assert.Single(shown.GetProperty("items").EnumerateArray());
        Assert.Equal("18", lampung.GetProperty("code").GetString());
        Assert.Equal(expected.GetProperty("items")[0].GetRawText(), lampung.GetRawText().Replace("\n", "").Replace(" ", ""));
        Assert.True(lampung.GetProperty("total").GetInt32() > 0);
        await operation.ScreenshotAsync(new() { Path = Artifacts.Screenshot("swagger-ui-try-it-out") });
        Assert.True(errors.Count == 0, "the browser reported errors:\n" + string.Join("\n", errors));
    }
}
