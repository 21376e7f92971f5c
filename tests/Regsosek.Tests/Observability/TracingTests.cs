using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Observability;

[Collection(ApiCollection.Name)]
public sealed class TracingTests(ApiFactory factory)
{
    private const long ServerKind = 2;

    [Fact]
    public async Task A_request_is_exported_over_otlp_as_a_server_span_with_its_npgsql_spans_in_the_callers_trace()
    {
        await using var collector = await OtlpTraceReceiver.StartAsync();
        using var traced = factory.WithWebHostBuilder(builder => builder
            .UseTestMetricsPort()
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100"));
        var client = traced.CreateClient();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions/18.71/children");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        // The server span ends last, after every query of the request (the region data's validator is one of them).
        var spans = (await collector.WaitForAsync(s => s.Any(x => x.TraceId == traceId && x.Scope == "Microsoft.AspNetCore")
                                                       && s.Any(x => x.TraceId == traceId && x.Scope == "Npgsql"), TimeSpan.FromSeconds(15)))
            .Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(spans, s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(ServerKind, server.Kind);
        Assert.Equal(callerSpanId, server.ParentSpanId);
        Assert.Equal("GET /api/v{version:apiVersion}/regions/{code}/children", server.Name);
        Assert.Equal("/api/v{version:apiVersion}/regions/{code}/children", server.Attributes["http.route"]);
        var queries = spans.Where(s => s.Scope == "Npgsql").ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, q => Assert.Equal(server.SpanId, q.ParentSpanId));
        Assert.All(queries, q => Assert.Equal("postgresql", q.Attributes.GetValueOrDefault("db.system.name", q.Attributes.GetValueOrDefault("db.system", ""))));
    }

    [Fact]
    public async Task Health_probes_and_metric_scrapes_are_not_traced()
    {
        await using var collector = await OtlpTraceReceiver.StartAsync();
        using var traced = factory.WithWebHostBuilder(builder => builder
            .UseTestMetricsPort()
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100"));
        var client = traced.CreateClient();
        var probeTrace = ActivityTraceId.CreateRandom().ToHexString();
        foreach (var path in new[] { "/health/ready", "/metrics" })
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, path);
            probe.Headers.Add("traceparent", $"00-{probeTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(probe)).StatusCode);
        }
        // A traced request after the probes: once its span has arrived, the probes' would have too.
        var requestTrace = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions/18");
        request.Headers.Add("traceparent", $"00-{requestTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        var spans = await collector.WaitForAsync(s => s.Any(x => x.TraceId == requestTrace && x.Scope == "Microsoft.AspNetCore"), TimeSpan.FromSeconds(15));
        Assert.Contains(spans, s => s.TraceId == requestTrace && s.Scope == "Microsoft.AspNetCore");
        Assert.DoesNotContain(spans, s => s.TraceId == probeTrace);
    }
}
