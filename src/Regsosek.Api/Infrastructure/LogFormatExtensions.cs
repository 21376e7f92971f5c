namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Logging:Format chooses the console log: <c>json</c> (the default; one JSON object per line, with scopes, so every
/// line written during a request carries its TraceId and SpanId) or <c>simple</c> (plain text, for a person at a
/// terminal; appsettings.Development.json picks it).
/// </summary>
public static class LogFormatExtensions
{
    public const string FormatKey = "Logging:Format";
    public const string Json = "json";
    public const string Simple = "simple";

    public static void AddRegsosekLogFormat(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[FormatKey] ?? Json;
        if (string.Equals(format, Json, StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                // Scopes hold the trace context (the host tracks TraceId, SpanId and ParentId as a scope).
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
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
}
