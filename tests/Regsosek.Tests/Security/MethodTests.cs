using System.Net;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Security;

/// <summary>
/// The service only reads: any method but GET and HEAD (and a CORS preflight) gets the 405 problem, on every surface
/// (on the metrics port too: MetricsTests).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MethodTests(ApiFactory factory)
{
    public static TheoryData<string, string> MethodsAndPaths()
    {
        string[] paths =
        [
            "/health/live", "/health/ready", "/metrics", "/swagger", "/swagger/index.html", "/swagger/v1/swagger.json", "/explorer",
            "/explorer/", "/explorer/explorer.js", "/problems/not-found", "/api/v1/regions", "/api/v1/regions/18",
            "/api/v1/statistics/tiers?region=18", "/api/v1/releases/latest/exports/tiers.csv", "/", "/nowhere",
        ];
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "TRACE", "POST", "PUT", "DELETE", "PATCH", "PROPFIND" })
        {
            foreach (var path in paths)
            {
                data.Add(method, path);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndPaths))]
    public async Task Any_method_but_get_and_head_gets_the_method_not_allowed_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}");
        }

        var response = await factory.CreateClient().SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "/problems/method-not-allowed");
        Assert.Contains(method, problem.GetProperty("detail").GetString());
        Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Options_is_answered_only_as_a_cors_preflight()
    {
        var client = factory.CreateClient();

        var plain = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/health/live"));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/regions/18")
        {
            Headers = { { "Origin", "https://dashboard.example" }, { "Access-Control-Request-Method", "GET" } },
        };
        var allowed = await client.SendAsync(preflight);

        await plain.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "/problems/method-not-allowed");
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/v1/regions/18")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Head_answers_where_get_does(string path)
    {
        var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
