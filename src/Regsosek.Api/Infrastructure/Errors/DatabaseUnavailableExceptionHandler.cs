using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Regsosek.Data.Database;

namespace Regsosek.Api.Infrastructure.Errors;

/// <summary>
/// A database that is down, restarting or saturated is a temporary condition, not a bug: clients get 503 with
/// Retry-After so they back off and come back, instead of a 500 that says "report this". Nothing of the exception
/// reaches the client; the log keeps it. The pool needs no clearing here: Npgsql drops every idle connection itself
/// when one breaks, so after a restart only the first request fails (DatabaseOutageTests shows it).
/// </summary>
internal sealed partial class DatabaseUnavailableExceptionHandler(ILogger<DatabaseUnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Long enough for a restarting server to come back, short enough that clients do not wait needlessly.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var fault = DatabaseFaults.Classify(exception);
        if (fault == DatabaseFault.None)
        {
            return false;
        }
        // One line per request, without a stack trace: an outage under load would otherwise flood the log.
        LogUnavailable(logger, fault, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await Problems.DatabaseUnavailable(fault, RetryAfterSeconds).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Fault} on {Path}, answered 503: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, DatabaseFault fault, string path, string exceptionType, string reason);
}
