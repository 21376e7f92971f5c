using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PlatformTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task Root_redirects_to_swagger_ui_which_loads()
    {
        var response = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/swagger", response.Headers.Location?.OriginalString);
        var ui = await _client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("/swagger/v1/swagger.json", await (await _client.GetAsync("/swagger/index.js")).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy_in_plain_text_that_no_cache_keeps(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true });
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task OpenApi_v1_documents_every_versioned_endpoint_fully()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var paths = document.GetProperty("paths");
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(r => r.StartsWith("/api/v{version:apiVersion}", StringComparison.Ordinal))
            .Select(r => r.Replace("{version:apiVersion}", "1").TrimEnd('/'))
            .Distinct()
            .ToList();
        Assert.NotEmpty(routes);
        var operationIds = new HashSet<string>();
        foreach (var route in routes)
        {
            Assert.True(paths.TryGetProperty(route, out var item), $"{route} missing from the v1 document");
            foreach (var operation in item.EnumerateObject().Select(o => o.Value))
            {
                Assert.True(operationIds.Add(operation.GetProperty("operationId").GetString()!));
                Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{route} lacks a summary");
                Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), $"{route} lacks a description");
                var responses = operation.GetProperty("responses");
                Assert.True(responses.TryGetProperty("200", out _), $"{route} lacks 200");
                Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('4'));
                foreach (var problem in responses.EnumerateObject().Where(r => r.Name.StartsWith('4')))
                {
                    Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {problem.Name} is not problem+json");
                }
                if (operation.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()), $"{route} {parameter.GetProperty("name")} undocumented");
                    }
                }
            }
        }
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/health", StringComparison.Ordinal) || p.Name == "/");
    }
}
