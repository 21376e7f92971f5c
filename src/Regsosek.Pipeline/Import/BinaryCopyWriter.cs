using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Writes rows in PostgreSQL's binary COPY format straight into a 64 KiB buffer and sends it in whole chunks.
/// NpgsqlBinaryImporter resolves a parameter and runs an async state machine for every field, which profiled at
/// about half of the importer's CPU; the format itself is a length and big-endian bytes per field.
/// Only the types the family table uses. Synchronous, as the rest of the reading loop.
/// </summary>
internal sealed class BinaryCopyWriter : IDisposable
{
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private const int BufferSize = 1 << 16;

    // Room for the largest row the importer writes (13 fields; its only text is a village code under 32 bytes).
    private const int MaxRowBytes = 1024;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _length;
    private bool _finished;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Signature.CopyTo(_buffer);
        // Flags (no OIDs) and the length of the header extension: both zero.
        _length = Signature.Length + 8;
    }

    /// <param name="copySql">A <c>COPY ... FROM STDIN (FORMAT BINARY)</c> statement.</param>
    public static BinaryCopyWriter Begin(NpgsqlConnection connection, string copySql) => new(connection.BeginRawBinaryCopy(copySql));

    public void StartRow(short fields)
    {
        if (_length > BufferSize - MaxRowBytes) Flush();
        Int16(fields);
    }

    public void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void Int16Field(short value)
    {
        Int32(2);
        Int16(value);
    }

    public void Int32Field(int value)
    {
        Int32(4);
        Int32(value);
    }

    public void Int64Field(long value)
    {
        Int32(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void BooleanField(bool value)
    {
        Int32(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>PostgreSQL's one-byte <c>"char"</c>; only ASCII is meaningful.</summary>
    public void CharField(char value)
    {
        Int32(1);
        _buffer[_length++] = checked((byte)value);
    }

    public void TextField(string value)
    {
        var start = _length;
        _length += 4;
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length, BufferSize - _length));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start), written);
        _length += written;
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    /// <summary>Sends the trailer and ends the COPY; the rows are in the table (of the caller's transaction).</summary>
    public void Complete()
    {
        Int16(-1);
        Flush();
        _finished = true;
        _stream.Dispose();
    }

    /// <summary>Without <see cref="Complete"/> the COPY is cancelled: nothing written reaches the table.</summary>
    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        try
        {
            _stream.Cancel();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // The import is failing already and its transaction rolls back; the first error is the one to report.
        }
        _stream.Dispose();
    }
}
