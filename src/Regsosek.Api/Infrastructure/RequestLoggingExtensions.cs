using System.Diagnostics;
using System.Text;
using ZLogger;

namespace Regsosek.Api.Infrastructure;

public static partial class RequestLoggingExtensions
{
    private static readonly string[] SecretNameParts = ["key", "token", "secret", "password", "signature", "auth"];

    /// <summary>
    /// Outermost, so the line has the status the client finally got (after problem details and rate limiting)
    /// and the time the whole pipeline took.
    /// </summary>
    public static void UseRegsosekRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Regsosek.Api.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            // An exception that escapes every handler reaches the client as a 500.
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                var request = context.Request;
                LogRequest(logger, request.Method, request.Path.Value ?? "", RedactQuery(request.QueryString.Value), status,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    /// <summary>
    /// Replaces the values of parameters named like credentials (api_key, token, X-Amz-Signature, ...) with ***;
    /// everything else is kept as sent, still percent-encoded, so region codes and filters stay searchable.
    /// </summary>
    public static string RedactQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }
        if (CannotLookSecret(query))
        {
            return query;
        }
        var redacted = new StringBuilder(query.Length);
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            redacted.Append(redacted.Length == 0 ? '?' : '&');
            var equals = pair.IndexOf('=');
            if (equals >= 0 && LooksSecret(pair[..equals]))
            {
                redacted.Append(pair, 0, equals + 1).Append("***");
            }
            else
            {
                redacted.Append(pair);
            }
        }
        return redacted.ToString();
    }

    /// <summary>
    /// Every request is logged, and nearly no query names a credential: when no part of a secret name appears anywhere
    /// in it and nothing in it is encoded (no % or +, so decoding cannot reveal one), the query is logged as it is,
    /// without splitting it (issue 15: the request line is the largest cost of the middleware on every request).
    /// </summary>
    private static bool CannotLookSecret(string query)
    {
        if (query[0] != '?' || query.AsSpan(1).IndexOfAny('%', '+', '?') >= 0)
        {
            return false;
        }
        foreach (var part in SecretNameParts)
        {
            if (query.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The name is decoded first, so api%5Fkey or api+key cannot slip past.</summary>
    private static bool LooksSecret(string encodedName)
    {
        var name = Uri.UnescapeDataString(encodedName.Replace('+', ' '));
        return SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    // ZLogger's generator, not [LoggerMessage]: the line is written as UTF-8 JSON straight from these arguments, where the
    // generic path formatted the message to a string, boxed each value and serialised it by reflection (bench/log.sh:
    // 9.0 to 6.3 µs per line). Other providers (the simple console, the tests' capture) still see the same key-values.
    [ZLoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Path}{Query} -> {StatusCode} in {ElapsedMs:0.0} ms")]
    internal static partial void LogRequest(ILogger logger, string method, string path, string query, int statusCode, double elapsedMs);
}
