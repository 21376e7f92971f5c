using System.Collections.Concurrent;
using System.Diagnostics;

namespace Regsosek.Tests.Fuzz;

/// <summary>
/// Records the SQL text of every command Npgsql sends in this process (its "Npgsql" ActivitySource, tag db.query.text),
/// with the trace it belongs to. Listening to ASP.NET Core's source too makes each request's activity continue the
/// caller's traceparent, so a command can be traced back to the request that caused it.
/// </summary>
public sealed class SqlCommandRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<(ActivityTraceId Trace, string Sql)> _commands = new();

    public SqlCommandRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.GetTagItem("db.query.text") is string sql)
                {
                    _commands.Enqueue((activity.TraceId, sql));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<(ActivityTraceId Trace, string Sql)> Commands => [.. _commands];

    public void Dispose() => _listener.Dispose();
}
