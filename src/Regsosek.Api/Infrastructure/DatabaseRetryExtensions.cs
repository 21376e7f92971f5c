using Regsosek.Data.Database;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// A read whose database host died under it (or that a standby cancelled for a recovery conflict) is run once more,
/// at once, before the client sees anything: the failed connection is broken and out of the pool, so the second run
/// opens a fresh one, which Npgsql gives to a live host of a multi-host connection string (or to the restarted server).
/// Only then does DatabaseUnavailableExceptionHandler answer 503 with Retry-After.
/// <para>
/// Here, once per request, rather than in each store: a request is the unit that is safe to repeat (GET and HEAD only,
/// the service writes nothing), it covers every read of it (release list, rows, regions, counts) without each store
/// knowing, and the handler starts over from a clean state instead of a store retrying one statement of several that
/// may have gone to different hosts. After the output cache, so a cached answer never comes here.
/// </para>
/// <para>
/// Only while nothing of the response is sent: handlers read everything before they write, and the streaming exports,
/// which write as they read, are not compressed, so their first write starts the response and rules out a repeat.
/// One repeat only, and never for a busy database (a pool or command timeout): a second wait as long would double the
/// load that caused it.
/// </para>
/// </summary>
public static class DatabaseRetryExtensions
{
    public static void UseRegsosekDatabaseRetry(this WebApplication app) => app.UseMiddleware<DatabaseRetryMiddleware>();
}

internal sealed partial class DatabaseRetryMiddleware(RequestDelegate next, ILogger<DatabaseRetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        // Headers set before this point (CORS) must survive the reset below; most requests have none to keep.
        var earlier = context.Response.Headers.Count == 0 ? null : context.Response.Headers.ToArray();
        DatabaseFault fault;
        try
        {
            await next(context);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                  && DatabaseFaults.IsWorthRetrying(fault = DatabaseFaults.Classify(e)))
        {
            LogRetry(logger, fault, context.Request.Path, e.GetType().Name, e.Message);
        }
        context.Response.Clear();
        foreach (var (name, value) in earlier ?? [])
        {
            context.Response.Headers[name] = value;
        }
        await next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Fault} on {Path}, read again on a fresh connection: {ExceptionType}: {Reason}")]
    private static partial void LogRetry(ILogger logger, DatabaseFault fault, string path, string exceptionType, string reason);
}
