using Npgsql;
using NpgsqlTypes;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// The record-key registry read in family-key order on a second connection, merged with a file whose family keys
/// ascend (as exported files and generated ones do): each family's registered keys are found as the file is read,
/// in constant memory, so no row has to be rewritten after the copy. The caller's import holds the import lock,
/// so the registry cannot change while it is read.
/// </summary>
internal sealed class RecordKeyRegistry : IDisposable
{
    private const string ExportSql = """
        COPY (SELECT family_key, rkey, members, pkey_sum FROM microdata.record_key ORDER BY family_key) TO STDOUT (FORMAT BINARY)
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlBinaryExporter _export;
    private bool _exhausted;
    private long _key = long.MinValue;
    private int _rkey;
    private short _members;
    private int _pkeySum;

    private RecordKeyRegistry(NpgsqlConnection connection, NpgsqlBinaryExporter export)
    {
        _connection = connection;
        _export = export;
    }

    public static async Task<RecordKeyRegistry> OpenAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            return new RecordKeyRegistry(connection, await connection.BeginBinaryExportAsync(ExportSql, ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The registered keys of <paramref name="familyKey"/>; keys must be asked for in ascending order.</summary>
    public bool TryFind(long familyKey, out int rkey, out short members, out int pkeySum)
    {
        while (!_exhausted && _key < familyKey)
        {
            if (_export.StartRow() < 0)
            {
                _exhausted = true;
                break;
            }
            _key = _export.Read<long>(NpgsqlDbType.Bigint);
            _rkey = _export.Read<int>(NpgsqlDbType.Integer);
            _members = _export.Read<short>(NpgsqlDbType.Smallint);
            _pkeySum = _export.Read<int>(NpgsqlDbType.Integer);
        }
        var found = !_exhausted && _key == familyKey;
        (rkey, members, pkeySum) = found ? (_rkey, _members, _pkeySum) : (0, (short)0, 0);
        return found;
    }

    public void Dispose()
    {
        // An export abandoned half-way is cancelled by disposing it; the connection goes back to the pool.
        _export.Dispose();
        _connection.Dispose();
    }
}
