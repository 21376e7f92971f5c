using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// OpenTelemetry metrics (HTTP server, Npgsql pool and commands) scraped in Prometheus text format at /metrics,
/// and traces of the same two, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
/// </summary>
public static class ObservabilityExtensions
{
    public const string ServiceName = "regsosek-api";
    public const string MetricsPath = "/metrics";
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddRegsosekObservability(this WebApplicationBuilder builder)
    {
        builder.AddRegsosekLogFormat();
        var exportTraces = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                // A scrape reads the numbers as they are; caching them would hide the requests of the last 300 ms.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing =>
            {
                tracing
                    // Probes and scrapes arrive every few seconds from every instance; as traces they would bury the requests.
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
                    .AddNpgsql();
                if (exportTraces)
                {
                    // Reads the standard OTEL_EXPORTER_OTLP_* settings (endpoint, protocol, headers) itself.
                    tracing.AddOtlpExporter();
                }
            });
    }

    /// <summary>
    /// Outside /api, so the per-client rate limit never starves a scraper, and left out of the OpenAPI documents:
    /// it is for operators, who should keep it off the public load balancer.
    /// </summary>
    public static void MapRegsosekMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
