using System.Net;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class CorsTests(ApiFactory factory)
{
    private const string Origin = "https://dashboard.example";
    private readonly HttpClient _client = factory.CreateClient();

    private static IReadOnlyList<string> List(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList()
            : [];

    [Fact]
    public async Task Any_origin_may_read_the_api_and_the_headers_a_client_needs()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions?level=province&limit=2") { Headers = { { "Origin", Origin } } };
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["*"], List(response, "Access-Control-Allow-Origin"));
        var exposed = List(response, "Access-Control-Expose-Headers");
        foreach (var header in new[] { "ETag", "Link", "Retry-After", "RateLimit", "RateLimit-Policy", "api-supported-versions", "Content-Disposition" })
        {
            Assert.Contains(header, exposed, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Preflight_allows_get_and_head_with_conditional_request_headers_from_any_origin()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/regions/18")
        {
            Headers =
            {
                { "Origin", Origin },
                { "Access-Control-Request-Method", "GET" },
                { "Access-Control-Request-Headers", "if-none-match" },
            },
        };
        var response = await _client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["*"], List(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["GET", "HEAD"], List(response, "Access-Control-Allow-Methods").Order());
        Assert.Contains("if-none-match", List(response, "Access-Control-Allow-Headers"), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_for_a_write_offers_only_reads()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/regions/18")
        {
            Headers = { { "Origin", Origin }, { "Access-Control-Request-Method", "DELETE" } },
        };
        var response = await _client.SendAsync(preflight);
        Assert.Equal(["GET", "HEAD"], List(response, "Access-Control-Allow-Methods").Order());
    }
}
