using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

/// <summary>Each test gets its own host with a tiny limit, so the shared host's clients are never throttled and counts start at zero.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitingTests(ApiFactory factory) : IDisposable
{
    private const int Permits = 3;
    private const string Region = "/api/v1/regions/18";

    private readonly WebApplicationFactory<Program> _throttled = factory.WithSettings(new()
    {
        ["RateLimiting:PermitsPerWindow"] = Permits.ToString(),
        ["RateLimiting:WindowSeconds"] = "60",
    });

    public void Dispose() => _throttled.Dispose();

    private async Task<HttpClient> ExhaustedClientAsync()
    {
        var client = _throttled.CreateClient();
        for (var i = 0; i < Permits; i++)
        {
            var response = await client.GetAsync(Region);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        return client;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [Fact]
    public async Task Exceeding_the_rate_limit_returns_429_problem_details_with_retry_after()
    {
        var client = await ExhaustedClientAsync();
        var refused = await client.GetAsync(Region);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "/problems/too-many-requests");
        Assert.Contains($"At most {Permits} requests per 60 seconds", problem.GetProperty("detail").GetString());
        var retryAfter = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal($"\"per-client\";r=0;t={retryAfter}", Header(refused, "RateLimit"));
        Assert.Equal($"\"per-client\";q={Permits};w=60", Header(refused, "RateLimit-Policy"));
    }

    [Fact]
    public async Task Api_responses_announce_the_rate_limit_policy_and_other_responses_do_not()
    {
        var client = _throttled.CreateClient();
        Assert.Equal($"\"per-client\";q={Permits};w=60", Header(await client.GetAsync(Region), "RateLimit-Policy"));
        Assert.Equal($"\"per-client\";q={Permits};w=60", Header(await client.GetAsync("/api/v1/regions/99"), "RateLimit-Policy"));
        Assert.Null(Header(await client.GetAsync("/health/live"), "RateLimit-Policy"));
    }

    [Fact]
    public async Task Health_checks_and_swagger_answer_while_the_client_is_throttled()
    {
        var client = await ExhaustedClientAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(Region)).StatusCode);
        foreach (var url in new[] { "/health/live", "/health/ready", "/swagger/v1/swagger.json" })
        {
            for (var i = 0; i <= Permits; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            }
        }
    }

    [Fact]
    public async Task Each_client_address_has_its_own_allowance()
    {
        async Task<int> GetFromAsync(string address) => (await _throttled.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = Region;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        })).Response.StatusCode;

        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(200, await GetFromAsync("192.0.2.1"));
        }
        Assert.Equal(429, await GetFromAsync("192.0.2.1"));
        Assert.Equal(200, await GetFromAsync("192.0.2.2"));
        Assert.Equal(200, await GetFromAsync("2001:db8::1"));
    }

    [Fact]
    public async Task A_refusal_carries_cors_headers_so_a_browser_script_can_read_retry_after()
    {
        var client = await ExhaustedClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Region) { Headers = { { "Origin", "https://dashboard.example" } } };
        var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("*", Header(refused, "Access-Control-Allow-Origin"));
        Assert.Contains("Retry-After", Header(refused, "Access-Control-Expose-Headers")!.Split(",", StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("PermitsPerWindow", "0")]
    [InlineData("WindowSeconds", "-1")]
    public void A_limit_that_is_not_positive_stops_start_up(string key, string value)
    {
        using var misconfigured = factory.WithSettings(new() { [$"RateLimiting:{key}"] = value });
        var error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());
        Assert.Contains("RateLimiting:PermitsPerWindow and RateLimiting:WindowSeconds must be positive", error.ToString());
    }
}
