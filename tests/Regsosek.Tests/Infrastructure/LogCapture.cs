using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Regsosek.Tests.Infrastructure;

/// <summary>Keeps every log entry the host writes, with its structured fields, after the configured level filters.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>
    /// A middleware may log after the client already has the response, so wait for the entry rather than
    /// reading the log right away; then wait a little longer so a duplicate would show too.
    /// </summary>
    public async Task<IReadOnlyList<CapturedLog>> WaitForAsync(Func<CapturedLog, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_entries.Any(match) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await Task.Delay(200);
        return _entries.Where(match).ToList();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, eventId.Name, formatter(state, exception),
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}

public sealed record CapturedLog(string Category, string? EventName, string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields)
{
    public object? this[string field] => Fields.FirstOrDefault(f => f.Key == field).Value;
}
