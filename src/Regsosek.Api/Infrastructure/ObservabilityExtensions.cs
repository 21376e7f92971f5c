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
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddRegsosekObservability(this WebApplicationBuilder builder)
    {
        builder.AddRegsosekLogFormat();
        MetricsPort.Listen(builder);
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
    /// Only with Metrics:Port (see <see cref="MetricsPort"/>): without it /metrics is an unknown path like any other.
    /// Outside /api, so the per-client rate limit never starves a scraper, and left out of the OpenAPI documents.
    /// </summary>
    public static void MapRegsosekMetrics(this WebApplication app)
    {
        if (MetricsPort.Configured(app.Configuration) is not { } port)
        {
            return;
        }
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch =>
            branch.Use((context, next) =>
            {
                if (MetricsPort.Arrived(context, port))
                {
                    return next(context);
                }
                // An empty 404 becomes the same not-found problem as any unknown path.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }), optionsName: null).ExcludeFromDescription();
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
