using System.Buffers.Binary;
using System.IO.Compression;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Gzip decompression that notices a truncated file. GZipStream simply ends early on one (measured on .NET 10),
/// and a file cut at a line boundary would import a prefix without a single error. At the end of the data the
/// decompressed length is compared with the trailer's ISIZE (length mod 2^32), which truncation removes.
/// </summary>
/// <remarks>
/// ISIZE covers the last gzip member only, so a multi-member file (bgzip, concatenated .gz files) is refused
/// too, with a message saying how to recompress it.
/// </remarks>
internal sealed class CheckedGzipStream : Stream
{
    private const int MinimumGzipLength = 18; // 10-byte header + empty deflate block + 8-byte trailer

    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly uint _expectedLength;
    private uint _length;

    public CheckedGzipStream(FileStream file)
    {
        _file = file;
        if (file.Length < MinimumGzipLength) throw new InvalidDataException("the file is too short to be gzip data");
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        _expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _gzip.Read(buffer);
        _length = unchecked(_length + (uint)read);
        if (read == 0 && buffer.Length > 0 && _length != _expectedLength)
        {
            throw new InvalidDataException(
                "the gzip data ends before its stated length (a truncated file? if it holds several gzip members, recompress it as one)");
        }
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
