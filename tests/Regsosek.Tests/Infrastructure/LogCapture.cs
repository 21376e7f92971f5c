using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Regsosek.Tests.Infrastructure;

/// <summary>Keeps every log entry the host writes, with its structured fields, after the configured level filters.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private int _requestsInFlight;

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>
    /// A middleware may log after the client already has the response, so wait for the entry rather than reading the
    /// log right away; and wait until every request the host began has left its pipeline (counted by
    /// <see cref="CountRequests"/>, which WithLogCapture puts outermost), so a duplicate of the entry would be there too.
    /// </summary>
    public async Task<IReadOnlyList<CapturedLog>> WaitForAsync(Func<CapturedLog, bool> match)
    {
        await Eventually.HoldsAsync(() => Volatile.Read(ref _requestsInFlight) == 0 && _entries.Any(match), TimeSpan.FromSeconds(10));
        return _entries.Where(match).ToList();
    }

    /// <summary>Outermost middleware: counts the requests that are still in the pipeline, whose entries may still come.</summary>
    public IStartupFilter CountRequests() => new RequestCounter(this);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class RequestCounter(LogCapture capture) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                Interlocked.Increment(ref capture._requestsInFlight);
                try
                {
                    await inner(context);
                }
                finally
                {
                    Interlocked.Decrement(ref capture._requestsInFlight);
                }
            });
            next(app);
        };
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, eventId.Name, formatter(state, exception),
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? [], logLevel, exception));
    }
}

public sealed record CapturedLog(string Category, string? EventName, string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields,
    LogLevel Level = LogLevel.Information, Exception? Exception = null)
{
    public object? this[string field] => Fields.FirstOrDefault(f => f.Key == field).Value;
}
