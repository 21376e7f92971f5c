using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Regsosek.Data.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Observability;

/// <summary>
/// OpenTelemetry listens to a meter by its name, so a scrape of one in-process host also counts the requests of every
/// other host in the test run. The counting test therefore sends its requests as https, a scheme no other test uses,
/// and counts only those.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MetricsTests(ApiFactory factory)
{
    private const string RegionRoute = "/api/v{version:apiVersion}/regions/{code}";
    private const string RequestCount = "http_server_request_duration_seconds_count";

    private static (string, string)[] RegionRequests(int status) =>
        [("http_route", RegionRoute), ("http_response_status_code", status.ToString()), ("url_scheme", "https")];

    /// <summary>The server records a request once the response is complete, which may be just after the client has it.</summary>
    private static async Task<PrometheusScrape> ScrapeUntilAsync(HttpClient client, Func<PrometheusScrape, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var scrape = await PrometheusScrape.ReadAsync(client);
        while (!done(scrape) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            scrape = await PrometheusScrape.ReadAsync(client);
        }
        return scrape;
    }

    [Fact]
    public async Task Metrics_count_each_request_under_its_route_and_status_with_a_latency_histogram()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var before = await PrometheusScrape.ReadAsync(client);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions/18.71")).StatusCode);
        }
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/regions/99")).StatusCode);
        }
        var ok = before.Sum(RequestCount, RegionRequests(200)) + 5;
        var notFound = before.Sum(RequestCount, RegionRequests(404)) + 2;
        var after = await ScrapeUntilAsync(client, s => s.Sum(RequestCount, RegionRequests(200)) >= ok && s.Sum(RequestCount, RegionRequests(404)) >= notFound);

        Assert.Equal(ok, after.Sum(RequestCount, RegionRequests(200)));
        Assert.Equal(notFound, after.Sum(RequestCount, RegionRequests(404)));
        var series = Assert.Single(after.Find(RequestCount, RegionRequests(200)));
        Assert.Equal("GET", series.Labels["http_request_method"]);
        var buckets = after.Find("http_server_request_duration_seconds_bucket", RegionRequests(200));
        Assert.Equal(ok, Assert.Single(buckets, b => b.Labels["le"] == "+Inf").Value);
        Assert.True(buckets.Count > 5, "latency is a histogram with buckets");
        Assert.InRange(Assert.Single(after.Find("http_server_request_duration_seconds_sum", RegionRequests(200))).Value, 1e-6, 60 * ok);
    }

    [Fact]
    public async Task Metrics_report_the_npgsql_connection_pool_and_its_commands()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions/18/children")).StatusCode);
        var pool = ("db_client_connection_pool_name", "regsosek-api");
        var scrape = await ScrapeUntilAsync(client, s => s.Sum("db_client_operation_duration_seconds_count", pool) > 0);

        // Npgsql's meter reports every pool of the process; those of the test hosts share the name, so only presence is certain.
        Assert.Contains(scrape.Find("db_client_connection_max", pool), s => s.Value > 0);
        Assert.NotEmpty(scrape.Find("db_client_connection_count", pool, ("db_client_connection_state", "idle")));
        Assert.NotEmpty(scrape.Find("db_client_connection_count", pool, ("db_client_connection_state", "used")));
        Assert.True(scrape.Sum("db_client_connection_count", pool) >= 1, "the request opened at least one connection");
        Assert.True(scrape.Sum("db_client_operation_duration_seconds_count", pool, ("db_system_name", "postgresql")) >= 1);
    }

    [Fact]
    public async Task Metrics_are_plain_prometheus_text_never_rate_limited_and_not_in_the_openapi_document()
    {
        using var throttled = factory.WithSettings(new() { ["RateLimiting:PermitsPerWindow"] = "1" });
        var client = throttled.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions/18")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/regions/18")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("RateLimit-Policy"));
            Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await response.Content.ReadAsStringAsync());
        }
        var paths = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement.GetProperty("paths");
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("metrics", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_answered_only_on_that_port_whatever_the_host_header()
    {
        var publicPort = FreePort();
        var metricsPort = FreePort();
        while (metricsPort == publicPort)
        {
            metricsPort = FreePort();
        }
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            [$"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"] = (await TestDatabase.GetAsync()).Api,
            ["Urls"] = $"http://127.0.0.1:{publicPort};http://127.0.0.1:{metricsPort}",
            ["Metrics__Port"] = metricsPort.ToString(),
        });
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{publicPort}/api/v1/regions/18")).StatusCode);
        var onPublicPort = await http.GetAsync($"http://127.0.0.1:{publicPort}/metrics");
        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);
        Assert.Equal("application/problem+json", onPublicPort.Content.Headers.ContentType?.MediaType);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{metricsPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
        var onMetricsPort = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, onMetricsPort.StatusCode);
        Assert.Contains(RegionRoute, await onMetricsPort.Content.ReadAsStringAsync());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
