using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using ZLogger;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Logging:Format chooses the console log: <c>json</c> (the default; one JSON object per line, where the scopes'
/// values, TraceId and SpanId among them, are properties of the line) or <c>simple</c> (plain text, for a person at a
/// terminal; appsettings.Development.json picks it).
/// </summary>
public static class LogFormatExtensions
{
    public const string FormatKey = "Logging:Format";
    public const string Json = "json";
    public const string Simple = "simple";

    private static readonly JsonEncodedText StateProperty = JsonEncodedText.Encode("State");

    public static void AddRegsosekLogFormat(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[FormatKey] ?? Json;
        if (string.Equals(format, Json, StringComparison.OrdinalIgnoreCase))
        {
            // ZLogger, not the built-in JSON console logger: with the API on one core, the built-in one cost 49 us of CPU
            // per request line (handing each line to its writer thread, one write per line), ZLogger 24 us (bench/log.sh).
            RemoveBuiltInConsole(builder.Services);
            builder.Logging.AddZLoggerConsole(options =>
            {
                // Scopes hold the trace context (the host tracks TraceId, SpanId and ParentId as a scope).
                options.IncludeScopes = true;
                // Bounded like the built-in logger's queue: a stalled stdout slows requests instead of growing memory.
                options.FullMode = BackgroundBufferFullMode.Block;
                options.BackgroundBufferCapacity = 10_000;
                options.UseJsonFormatter(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.IncludeProperties = IncludeProperties.Default | IncludeProperties.EventIdValue;
                    // The message's own parameters under State, apart from the scopes' (RequestPath and Path differ).
                    json.PropertyKeyValuesObjectName = StateProperty;
                });
            });
        }
        else if (string.Equals(format, Simple, StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        }
        else
        {
            throw new InvalidOperationException($"{FormatKey} is '{format}'; use '{Json}' or '{Simple}'.");
        }
    }

    /// <summary>Only the console: the host's other providers (EventSource for dotnet-trace, Debug) stay.</summary>
    private static void RemoveBuiltInConsole(IServiceCollection services)
    {
        foreach (var console in services.Where(d => d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            services.Remove(console);
        }
    }
}
