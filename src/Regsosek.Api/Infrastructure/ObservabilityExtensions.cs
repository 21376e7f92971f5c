using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Regsosek.Api.Statistics;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// OpenTelemetry metrics (HTTP server, Npgsql pool and commands) scraped in Prometheus text format at /metrics,
/// and traces of the same two, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
/// </summary>
public static class ObservabilityExtensions
{
    public const string ServiceName = "regsosek-api";
    public const string MetricsPath = "/metrics";
    public const string MetricsPortKey = "Metrics:Port";
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddRegsosekObservability(this WebApplicationBuilder builder)
    {
        builder.AddRegsosekLogFormat();
        var exportTraces = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(PublishedRowCache.MeterName)
                // A scrape reads the numbers as they are; caching them would hide the requests of the last 300 ms.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        // Without a collector the spans would be built, tagged and dropped on every request. The log lines' trace ids
        // do not need them: the host starts an Activity for its logging scope anyway (LogFormatTests).
        if (exportTraces)
        {
            otel.WithTracing(tracing => tracing
                // Probes and scrapes arrive every few seconds from every instance; as traces they would bury the requests.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
                .AddNpgsql()
                // Reads the standard OTEL_EXPORTER_OTLP_* settings (endpoint, protocol, headers) itself.
                .AddOtlpExporter());
        }
    }

    /// <summary>
    /// Outside /api, so the per-client rate limit never starves a scraper, and left out of the OpenAPI documents:
    /// it is for operators. With Metrics:Port set (and Urls listening on that port too) it answers only on that port,
    /// which the public load balancer does not forward; by the local port, not the Host header, which a client chooses.
    /// </summary>
    public static void MapRegsosekMetrics(this WebApplication app)
    {
        var port = app.Configuration.GetValue<int?>(MetricsPortKey);
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (port is { } only)
            {
                // An empty 404 becomes the same not-found problem as any unknown path.
                branch.Use((context, next) =>
                {
                    if (context.Connection.LocalPort == only)
                    {
                        return next(context);
                    }
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            }
        }, optionsName: null).ExcludeFromDescription();
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
