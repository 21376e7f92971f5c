using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Regsosek.Data.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Observability;

/// <summary>
/// Metrics are read from API processes of their own. Inside the test process they cannot be trusted: OpenTelemetry
/// subscribes to meters by name, so one host's scrape also counts every other host's requests, and a disposed host
/// ends the merged stream for the hosts still running (measured: 10 requests to host B raised host A's count by 10;
/// in a full run host A's own requests then counted 0).
/// </summary>
public sealed class MetricsTests(MetricsTests.SharedApi shared) : IClassFixture<MetricsTests.SharedApi>
{
    private const string RegionRoute = "/api/v{version:apiVersion}/regions/{code}";
    private const string RequestCount = "http_server_request_duration_seconds_count";
    private const int PoolSize = 17;

    private readonly HttpClient _client = shared.Client;
    private readonly HttpClient _metrics = shared.Metrics;

    /// <summary>One API process for the tests that need no settings of their own: the API's port, and the metrics port.</summary>
    public sealed class SharedApi : IAsyncLifetime
    {
        private ApiProcess _api = null!;

        public HttpClient Client { get; private set; } = null!;

        public HttpClient Metrics { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var metricsPort = FreePort();
            _api = await StartApiAsync(new() { ["Database__MaxPoolSize"] = PoolSize.ToString(), ["Metrics__Port"] = metricsPort.ToString() });
            Client = new HttpClient { BaseAddress = _api.Address };
            Metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            Metrics.Dispose();
            await _api.DisposeAsync();
        }
    }

    private static async Task<ApiProcess> StartApiAsync(Dictionary<string, string> settings)
    {
        settings[$"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"] = (await TestDatabase.GetAsync()).Api;
        return await ApiProcess.StartAsync(settings);
    }

    private static (string, string)[] RegionRequests(int status) => [("http_route", RegionRoute), ("http_response_status_code", status.ToString())];

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
        var before = await PrometheusScrape.ReadAsync(_metrics);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/regions/18.71")).StatusCode);
        }
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/regions/99")).StatusCode);
        }
        var ok = before.Sum(RequestCount, RegionRequests(200)) + 5;
        var notFound = before.Sum(RequestCount, RegionRequests(404)) + 2;
        var after = await ScrapeUntilAsync(_metrics, s => s.Sum(RequestCount, RegionRequests(200)) >= ok && s.Sum(RequestCount, RegionRequests(404)) >= notFound);

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
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/regions/18/children")).StatusCode);
        var pool = ("db_client_connection_pool_name", "regsosek-api");
        var scrape = await ScrapeUntilAsync(_metrics, s => s.Sum("db_client_operation_duration_seconds_count", pool) > 0);

        Assert.Equal(PoolSize, Assert.Single(scrape.Find("db_client_connection_max", pool)).Value);
        var idle = Assert.Single(scrape.Find("db_client_connection_count", pool, ("db_client_connection_state", "idle"))).Value;
        var used = Assert.Single(scrape.Find("db_client_connection_count", pool, ("db_client_connection_state", "used"))).Value;
        Assert.InRange(idle + used, 1, PoolSize);
        Assert.True(scrape.Sum("db_client_operation_duration_seconds_count", pool, ("db_system_name", "postgresql")) >= 1);
        // The pool is named, so the connection string (host, database, user) labels nothing.
        Assert.DoesNotContain(scrape.Samples, s => s.Labels.Values.Any(v => v.Contains("Username=", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_not_in_the_openapi_document()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/regions/18")).StatusCode);
        await ScrapeUntilAsync(_metrics, s => s.Find(RequestCount).Count > 0);
        var response = await _metrics.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await response.Content.ReadAsStringAsync());
        var paths = JsonDocument.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json")).RootElement.GetProperty("paths");
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("metrics", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Metrics_are_never_rate_limited()
    {
        var metricsPort = FreePort();
        await using var throttled = await StartApiAsync(new() { ["RateLimiting__PermitsPerWindow"] = "1", ["Metrics__Port"] = metricsPort.ToString() });
        using var client = new HttpClient { BaseAddress = throttled.Address };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions/18")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/regions/18")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            var response = await metrics.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit-Policy"));
        }
    }

    [Fact]
    public async Task With_a_metrics_port_the_api_also_listens_there_on_loopback_and_metrics_answer_only_there_whatever_the_host_header()
    {
        var publicPort = _client.BaseAddress!.Port;
        var metricsPort = _metrics.BaseAddress!.Port;
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{publicPort}/api/v1/regions/18")).StatusCode);
        var onPublicPort = await http.GetAsync($"http://127.0.0.1:{publicPort}/metrics");
        await onPublicPort.AssertProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{metricsPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
        var onMetricsPort = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, onMetricsPort.StatusCode);
        Assert.Contains(RegionRoute, await onMetricsPort.Content.ReadAsStringAsync());
        // Loopback only by default: another address of this machine's loopback range is not served.
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.2:{metricsPort}/metrics"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("TRACE")]
    [InlineData("DELETE")]
    public async Task Metrics_answer_only_get(string method)
    {
        var response = await _metrics.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/metrics"));

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "/problems/method-not-allowed");
    }

    /// <summary>A scraper names the address it was given in Host; AllowedHosts is for the public port, so it does not apply here.</summary>
    [Fact]
    public async Task The_metrics_port_binds_the_configured_address_and_answers_whatever_host_the_scraper_names()
    {
        var metricsPort = FreePort();
        await using var api = await StartApiAsync(new() { ["Metrics__Port"] = metricsPort.ToString(), ["Metrics__BindAddress"] = "127.0.0.2" });
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.2:{metricsPort}/metrics")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics"));
        await (await http.GetAsync(new Uri(api.Address, "/metrics"))).AssertProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
