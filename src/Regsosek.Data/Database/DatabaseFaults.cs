using System.Net.Sockets;
using Npgsql;

namespace Regsosek.Data.Database;

/// <summary>How a database failure affects the service, if the exception is one.</summary>
public enum DatabaseFault
{
    /// <summary>Not a database outage: a bug or bad data, which stays a 500.</summary>
    None,

    /// <summary>The server is down, restarting or cut off: pooled connections to it are dead.</summary>
    Unreachable,

    /// <summary>The server is up but no connection or answer came in time: pool exhausted, too many connections, timeout.</summary>
    Busy,

    /// <summary>
    /// A standby cancelled the statement to apply replicated changes it conflicted with (a recovery conflict): the
    /// server is fine and the same read on a fresh connection normally succeeds.
    /// </summary>
    Interrupted,
}

public static class DatabaseFaults
{
    /// <summary>
    /// Classifies by SQLSTATE, exception type and Npgsql's wrapping, never by message text. The server's own SQLSTATE
    /// decides wherever it sits in the chain (Npgsql wraps it in "the connection was previously broken" on a later call):
    /// class 08 (connection exception), 57P01..57P03 (shutdown, crash, starting up) and 57P05 (session ended by a
    /// timeout) mean unreachable; class 53 (out of resources: too many connections, memory, disk) and 57014 (cancelled by
    /// the command timeout) mean busy; 40001 and 40P01 (a standby's recovery conflict) mean interrupted. Without one, a
    /// socket or stream error under an NpgsqlException means unreachable, a TimeoutException (pool exhausted, connect or
    /// command timeout) or an NpgsqlException Npgsql itself calls transient means busy.
    /// </summary>
    public static DatabaseFault Classify(Exception exception)
    {
        var fault = DatabaseFault.None;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseUnreachableException:
                    return DatabaseFault.Unreachable;
                // Decisive: a syntax error must not be excused by what wraps it, an admin shutdown not hidden by it.
                case PostgresException p:
                    return FromSqlState(p.SqlState);
                case NpgsqlException { InnerException: SocketException or IOException }:
                    return DatabaseFault.Unreachable;
                case NpgsqlException { InnerException: TimeoutException } or TimeoutException:
                    fault = DatabaseFault.Busy;
                    break;
                case NpgsqlException { IsTransient: true } when fault == DatabaseFault.None:
                    fault = DatabaseFault.Busy;
                    break;
            }
        }
        return fault;
    }

    /// <summary>
    /// Whether a read that failed so is worth running once more at once on a fresh connection: its host died (the
    /// next connection goes to a live host of a multi-host connection string, or finds the restarted server) or a
    /// standby interrupted it. Not when the database is busy: a second wait of as long would only add to the load.
    /// </summary>
    public static bool IsWorthRetrying(DatabaseFault fault) => fault is DatabaseFault.Unreachable or DatabaseFault.Interrupted;

    private static DatabaseFault FromSqlState(string sqlState) => sqlState switch
    {
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => DatabaseFault.Unreachable,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.IdleSessionTimeout => DatabaseFault.Unreachable,
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => DatabaseFault.Busy,
        PostgresErrorCodes.QueryCanceled => DatabaseFault.Busy,
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => DatabaseFault.Interrupted,
        _ => DatabaseFault.None,
    };
}
