using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Record keys for the cell key method: uniform 32-bit values from the operating system's CSPRNG, never
/// derived from any field, so nobody holding the file can recompute a cell key. Drawn in 64 KiB blocks
/// because one RandomNumberGenerator call per key costs more than the rest of the row.
/// </summary>
internal sealed class RecordKeys
{
    private readonly uint[] _buffer = new uint[16_384];
    private int _next;

    public RecordKeys() => _next = _buffer.Length;

    /// <summary>The family's rkey, as stored: the uniform value reinterpreted as two's-complement int4.</summary>
    public int NextRecordKey() => unchecked((int)Next());

    /// <summary>Sum mod 2^32 of one fresh person key per member, as stored (two's-complement int4).</summary>
    public int NextPersonKeySum(int members)
    {
        uint sum = 0;
        for (var i = 0; i < members; i++) sum = unchecked(sum + Next());
        return unchecked((int)sum);
    }

    private uint Next()
    {
        if (_next == _buffer.Length)
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(_buffer.AsSpan()));
            _next = 0;
        }
        return _buffer[_next++];
    }
}
