using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Regsosek.Data.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Observability;

/// <summary>What the console log of a real API process looks like, in each format.</summary>
[Collection(ApiCollection.Name)]
public sealed class LogFormatTests(ApiFactory factory)
{
    private const string RequestPath = "/api/v1/regions/18.71";

    private static async Task<ApiProcess> StartAsync(string environment, string? format = null)
    {
        var settings = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"] = (await TestDatabase.GetAsync()).Api,
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["DOTNET_ENVIRONMENT"] = environment,
        };
        if (format is not null)
        {
            settings["Logging__Format"] = format;
        }
        return await ApiProcess.StartAsync(settings);
    }

    [Fact]
    public async Task In_production_each_log_line_is_json_and_the_request_line_carries_the_callers_trace_id()
    {
        await using var api = await StartAsync("Production");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var client = new HttpClient { BaseAddress = api.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, RequestPath);
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        var line = await api.WaitForLineAsync(l => l.Contains("\"Regsosek.Api.Requests\"") && l.Contains(RequestPath), TimeSpan.FromSeconds(10));
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Regsosek.Api.Requests", entry.GetProperty("Category").GetString());
        Assert.Equal(200, entry.GetProperty("State").GetProperty("StatusCode").GetInt32());
        Assert.Equal(TimeSpan.Zero, entry.GetProperty("Timestamp").GetDateTimeOffset().Offset);
        Assert.Equal(1, entry.GetProperty("EventId").GetInt32());
        Assert.Equal(RequestPath, entry.GetProperty("State").GetProperty("Path").GetString());
        // The host's scopes (trace context, connection, request) are properties of the line itself.
        Assert.Equal(RequestPath, entry.GetProperty("RequestPath").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("RequestId").GetString()));
        Assert.Equal(traceId, entry.GetProperty("TraceId").GetString());
        Assert.Equal(callerSpanId, entry.GetProperty("ParentId").GetString());
        var spanId = entry.GetProperty("SpanId").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", spanId);
        Assert.NotEqual(callerSpanId, spanId);
        Assert.All(api.OutputLines.Where(l => l.StartsWith('{')), l => JsonDocument.Parse(l));
        Assert.DoesNotContain(api.OutputLines, l => l.StartsWith("info:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_development_the_log_is_plain_text_one_line_per_entry()
    {
        await using var api = await StartAsync("Development");
        using var client = new HttpClient { BaseAddress = api.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(RequestPath)).StatusCode);

        var line = await api.WaitForLineAsync(l => l.Contains("Regsosek.Api.Requests") && l.Contains(RequestPath), TimeSpan.FromSeconds(10));
        Assert.StartsWith("info: Regsosek.Api.Requests[1] GET /api/v1/regions/18.71 -> 200 in ", line);
        Assert.DoesNotContain(api.OutputLines, l => l.StartsWith('{'));
    }

    [Fact]
    public async Task Logging_format_json_wins_over_the_development_default()
    {
        await using var api = await StartAsync("Development", format: "json");
        using var client = new HttpClient { BaseAddress = api.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(RequestPath)).StatusCode);
        var line = await api.WaitForLineAsync(l => l.Contains("Regsosek.Api.Requests") && l.Contains(RequestPath), TimeSpan.FromSeconds(10));
        Assert.Matches("^[0-9a-f]{32}$", JsonDocument.Parse(line).RootElement.GetProperty("TraceId").GetString());
    }

    [Fact]
    public void An_unknown_log_format_stops_start_up_naming_the_setting_and_the_choices()
    {
        using var misconfigured = factory.WithWebHostBuilder(builder => builder.UseSetting("Logging:Format", "xml"));
        var error = Assert.Throws<InvalidOperationException>(() => misconfigured.CreateClient());
        Assert.Equal("Logging:Format is 'xml'; use 'json' or 'simple'.", error.Message);
    }
}
