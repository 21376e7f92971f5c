using Npgsql;

namespace Regsosek.Data.Database;

/// <summary>
/// No host of the connection string answered the connection attempt with anything but a client-side failure: the
/// database is unreachable, whatever Npgsql put inside (its "No suitable host was found", raised when every host is
/// marked offline in its host cache, carries no inner exception and no SQLSTATE to tell it from a bug).
/// </summary>
public sealed class DatabaseUnreachableException(NpgsqlException cause)
    : NpgsqlException("No database host could be reached: " + cause.Message, cause);

public static class ReadConnections
{
    /// <summary>Opens a connection for a read; a failure to open that is not the server's own answer is an outage.</summary>
    public static async ValueTask<NpgsqlConnection> OpenForReadAsync(this NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            return await db.OpenConnectionAsync(ct);
        }
        catch (NpgsqlException e) when (WhenOpening(e) is DatabaseUnreachableException unreachable)
        {
            throw unreachable;
        }
    }

    /// <summary>
    /// What a failure to open a connection means: one Classify already places (a refused socket, a timeout, the server's
    /// SQLSTATE such as a wrong password) is left as it is; any other client-side NpgsqlException is unreachable.
    /// </summary>
    public static Exception WhenOpening(NpgsqlException failure) =>
        failure is PostgresException || DatabaseFaults.Classify(failure) != DatabaseFault.None ? failure : new DatabaseUnreachableException(failure);
}
