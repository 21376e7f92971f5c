using System.Net.Sockets;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Tests.Faults;

/// <summary>Which failures are outages (503, retry) and which are bugs (500): decided by SQLSTATE and Npgsql's wrapping.</summary>
public sealed class DatabaseFaultClassificationTests
{
    [Theory]
    [InlineData("08006", DatabaseFault.Unreachable)] // connection failure
    [InlineData("08001", DatabaseFault.Unreachable)] // unable to connect
    [InlineData("57P01", DatabaseFault.Unreachable)] // admin shutdown
    [InlineData("57P02", DatabaseFault.Unreachable)] // crash shutdown
    [InlineData("57P03", DatabaseFault.Unreachable)] // cannot connect now (starting up)
    [InlineData("57P05", DatabaseFault.Unreachable)] // session ended by idle_session_timeout
    [InlineData("53300", DatabaseFault.Busy)] // too many connections
    [InlineData("53200", DatabaseFault.Busy)] // out of memory
    [InlineData("53100", DatabaseFault.Busy)] // disk full (a sort spilling to disk)
    [InlineData("40001", DatabaseFault.Interrupted)] // a standby cancelled the statement: conflict with recovery
    [InlineData("40P01", DatabaseFault.Interrupted)] // a standby's buffer-pin deadlock with recovery
    [InlineData("57014", DatabaseFault.Busy)] // statement cancelled by the command timeout
    [InlineData("42601", DatabaseFault.None)] // syntax error: a bug
    [InlineData("42501", DatabaseFault.None)] // insufficient privilege: a bug
    [InlineData("23505", DatabaseFault.None)] // unique violation
    [InlineData("25006", DatabaseFault.None)] // read-only transaction: the API never writes, so a write is a bug
    [InlineData("57P04", DatabaseFault.None)] // database dropped: not coming back by itself
    public void Server_errors_are_classified_by_sqlstate(string sqlState, DatabaseFault expected) =>
        Assert.Equal(expected, DatabaseFaults.Classify(new PostgresException("message", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void Failing_to_open_with_no_cause_and_no_sqlstate_is_unreachable_not_a_bug()
    {
        var noSuitableHost = new NpgsqlException("No suitable host was found.");

        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(noSuitableHost));
        Assert.Equal(DatabaseFault.Unreachable, DatabaseFaults.Classify(ReadConnections.WhenOpening(noSuitableHost)));
    }

    [Fact]
    public void Failing_to_open_keeps_the_servers_answer_and_a_timeouts_meaning()
    {
        var wrongPassword = new PostgresException("password authentication failed", "FATAL", "FATAL", "28P01");
        var exhausted = new NpgsqlException("The connection pool has been exhausted", new TimeoutException());

        Assert.Same(wrongPassword, ReadConnections.WhenOpening(wrongPassword));
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(ReadConnections.WhenOpening(wrongPassword)));
        Assert.Equal(DatabaseFault.Busy, DatabaseFaults.Classify(ReadConnections.WhenOpening(exhausted)));
    }

    [Fact]
    public void Pool_exhaustion_and_timeouts_are_busy() =>
        Assert.Equal(DatabaseFault.Busy, DatabaseFaults.Classify(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())));

    [Fact]
    public void A_refused_or_dropped_connection_is_unreachable()
    {
        Assert.Equal(DatabaseFault.Unreachable, DatabaseFaults.Classify(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(DatabaseFault.Unreachable, DatabaseFaults.Classify(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
    }

    [Fact]
    public void A_database_fault_wrapped_by_another_exception_is_still_found() =>
        Assert.Equal(DatabaseFault.Unreachable, DatabaseFaults.Classify(
            new InvalidOperationException("wrapper", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)))));

    /// <summary>A later call on a connection that broke gets Npgsql's "previously broken" exception around the server's FATAL.</summary>
    [Fact]
    public void The_servers_sqlstate_decides_inside_a_broken_connections_exception()
    {
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        Assert.Equal(DatabaseFault.Unreachable, DatabaseFaults.Classify(new NpgsqlException("The connection was previously broken", shutdown)));
        var bug = new PostgresException("syntax", "ERROR", "ERROR", "42601");
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(new NpgsqlException("The connection was previously broken", bug)));
    }

    [Fact]
    public void A_connection_failure_to_every_host_of_a_multi_host_string_is_unreachable() =>
        Assert.Equal(DatabaseFault.Unreachable, DatabaseFaults.Classify(new NpgsqlException("Unable to connect to a suitable host", new AggregateException(
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))))));

    [Theory]
    [InlineData(DatabaseFault.Unreachable, true)]
    [InlineData(DatabaseFault.Interrupted, true)]
    [InlineData(DatabaseFault.Busy, false)]
    [InlineData(DatabaseFault.None, false)]
    public void Only_a_dead_host_or_an_interrupted_read_is_read_again_at_once(DatabaseFault fault, bool retried) =>
        Assert.Equal(retried, DatabaseFaults.IsWorthRetrying(fault));

    [Fact]
    public void Other_exceptions_stay_bugs()
    {
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(new InvalidOperationException("bug")));
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(new NpgsqlException("no inner cause")));
        // A client that hangs up mid-response raises an IOException of its own: not the database's.
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(new IOException("client disconnected")));
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(
            new InvalidOperationException("wrapper", new PostgresException("syntax", "ERROR", "ERROR", "42601"))));
    }
}
