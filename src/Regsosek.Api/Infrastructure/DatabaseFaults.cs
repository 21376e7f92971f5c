using System.Net.Sockets;
using Npgsql;

namespace Regsosek.Api.Infrastructure;

/// <summary>How a database failure affects the service, if the exception is one.</summary>
public enum DatabaseFault
{
    /// <summary>Not a database outage: a bug or bad data, which stays a 500.</summary>
    None,

    /// <summary>The server is down, restarting or cut off: pooled connections to it are dead.</summary>
    Unreachable,

    /// <summary>The server is up but no connection or answer came in time: pool exhausted, too many connections, timeout.</summary>
    Busy,
}

public static class DatabaseFaults
{
    /// <summary>
    /// Classifies by SQLSTATE and by Npgsql's wrapping, never by message text: class 08 (connection exception) and
    /// 57P01..57P03 (shutdown, crash, starting up) mean unreachable; 53300 (too many connections), 57014 (statement
    /// cancelled by the command timeout) and Npgsql's TimeoutException (pool exhausted, connect or command timeout) mean busy.
    /// </summary>
    public static DatabaseFault Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var fault = e switch
            {
                PostgresException p => FromSqlState(p.SqlState),
                NpgsqlException { InnerException: TimeoutException } => DatabaseFault.Busy,
                NpgsqlException { InnerException: SocketException or IOException } => DatabaseFault.Unreachable,
                NpgsqlException { IsTransient: true } => DatabaseFault.Busy,
                TimeoutException => DatabaseFault.Busy,
                _ => DatabaseFault.None,
            };
            // A PostgresException that is not an outage (a syntax error, a constraint) must not be excused by what it wraps.
            if (fault != DatabaseFault.None || e is PostgresException)
            {
                return fault;
            }
        }
        return DatabaseFault.None;
    }

    private static DatabaseFault FromSqlState(string sqlState) => sqlState switch
    {
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => DatabaseFault.Unreachable,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => DatabaseFault.Unreachable,
        PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.QueryCanceled => DatabaseFault.Busy,
        _ => DatabaseFault.None,
    };
}
