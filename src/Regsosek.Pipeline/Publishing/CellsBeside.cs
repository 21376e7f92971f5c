using Npgsql;

namespace Regsosek.Pipeline.Publishing;

/// <summary>
/// Cells counted on a second connection while the publish's own connection does other passes, then taken into the
/// publish's temp table. PostgreSQL 15 aggregates grouping sets on one core only, so the pass that counts the villages'
/// cells from every family left the second core idle for its whole length (at national scale about 110 s of the 267 s
/// of aggregation). The cells come back as the bytes of a binary COPY and go straight into the publish transaction's
/// table: they are stored nowhere else, so a failed or killed publish leaves nothing behind, and until the publish's
/// connection is free to take them the rows wait in the server's socket, not in this process.
/// </summary>
internal sealed class CellsBeside : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly Task<(NpgsqlConnection Connection, NpgsqlRawCopyStream Cells)> _started;
    private bool _taken;

    private CellsBeside(CancellationTokenSource cancel, Task<(NpgsqlConnection, NpgsqlRawCopyStream)> started)
    {
        _cancel = cancel;
        _started = started;
    }

    /// <summary>Starts <paramref name="select"/> (no parameters: COPY takes none) on a connection of its own.</summary>
    /// <param name="settings">Statements run first in its transaction, as the publish's own (work_mem, jit).</param>
    /// <param name="releaseId">Named in the connection's application_name while it works, so that pg_stat_activity
    /// says which publish a long COPY belongs to.</param>
    public static CellsBeside Start(NpgsqlDataSource db, string settings, int releaseId, string select, CancellationToken ct)
    {
        settings += $"; SET LOCAL application_name = '{ApplicationName(releaseId)}'";
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        return new CellsBeside(cancel, Task.Run(() => StartAsync(db, settings, select, cancel.Token), cancel.Token));
    }

    public static string ApplicationName(int releaseId) => $"regsosek publish of release {releaseId}: cells beside";

    private static async Task<(NpgsqlConnection, NpgsqlRawCopyStream)> StartAsync(
        NpgsqlDataSource db, string settings, string select, CancellationToken ct)
    {
        // The server sends nothing until the whole pass is done (minutes at national scale), so no client-side command
        // timeout of the caller's data source may apply; a connection of its own, outside the pool, with the same login.
        await using var template = db.CreateConnection();
        var connection = template.CloneWith(new NpgsqlConnectionStringBuilder(template.ConnectionString) { CommandTimeout = 0, Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // A transaction only for the settings' SET LOCAL: it writes nothing, and closing the connection ends it.
            var transaction = await connection.BeginTransactionAsync(ct);
            await using (var command = new NpgsqlCommand(settings, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            // Returns once the server starts sending, which for an aggregate is when the whole pass is done.
            return (connection, await connection.BeginRawBinaryCopyAsync($"COPY ({select}) TO STDOUT (FORMAT BINARY)", ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for the cells and copies them into <paramref name="table"/>, whose columns the select's match in order and type.</summary>
    public async Task CopyIntoAsync(NpgsqlConnection target, string table, CancellationToken ct)
    {
        var (_, cells) = await _started.WaitAsync(ct);
        await using (var sink = await target.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", ct))
        {
            await cells.CopyToAsync(sink, ct);
        }
        // Taken: nothing is left to cancel, even if what follows fails.
        _taken = true;
        await cells.DisposeAsync();
    }

    /// <summary>Cancels the pass if its cells were not taken (the publish failed first) and frees the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        try
        {
            var (connection, cells) = await _started;
            if (!_taken)
            {
                await cells.CancelAsync();
            }
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or NpgsqlException or PostgresException)
        {
            // The pass was cancelled, or failed after the publish had failed: the publish's own exception is the one to report.
        }
        _cancel.Dispose();
    }
}
