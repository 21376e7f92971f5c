using System.Net.Sockets;
using Npgsql;
using Regsosek.Api.Infrastructure;

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
    [InlineData("53300", DatabaseFault.Busy)] // too many connections
    [InlineData("57014", DatabaseFault.Busy)] // statement cancelled by the command timeout
    [InlineData("42601", DatabaseFault.None)] // syntax error: a bug
    [InlineData("42501", DatabaseFault.None)] // insufficient privilege: a bug
    [InlineData("23505", DatabaseFault.None)] // unique violation
    public void Server_errors_are_classified_by_sqlstate(string sqlState, DatabaseFault expected) =>
        Assert.Equal(expected, DatabaseFaults.Classify(new PostgresException("message", "FATAL", "FATAL", sqlState)));

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

    [Fact]
    public void Other_exceptions_stay_bugs()
    {
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(new InvalidOperationException("bug")));
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(new NpgsqlException("no inner cause")));
        Assert.Equal(DatabaseFault.None, DatabaseFaults.Classify(
            new InvalidOperationException("wrapper", new PostgresException("syntax", "ERROR", "ERROR", "42601"))));
    }
}
