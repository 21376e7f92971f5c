using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace Regsosek.Pipeline.Synthetic;

/// <summary>
/// RFC 4180 CSV (UTF-8 without BOM, '\n' line ends) for <see cref="FamilyRecord"/>s. Rows are formatted
/// straight into a pooled byte buffer because files run to ~90 M rows and per-row strings would dominate.
/// </summary>
public static class FamilyCsvWriter
{
    public const int ProgressInterval = 100_000;

    private const int BufferSize = 1 << 16;
    private const int CancellationInterval = 8_192;
    // Key (20 digits) + two bytes + sex + flag + 7 commas + '\n' with room to spare; strings are added per row.
    private const int FixedRowBound = 64;

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    /// <summary>Writes the header and one row per family; returns the number of rows (header excluded).</summary>
    /// <param name="progress">Receives the running row count every <see cref="ProgressInterval"/> rows, and the final count if not already reported.</param>
    /// <remarks>The stream is flushed but left open; wrap it in a GZipStream to compress.</remarks>
    public static long Write(IEnumerable<FamilyRecord> families, Stream output, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(output);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var pos = Encoding.UTF8.GetBytes(FamilyDomain.CsvHeader + "\n", buffer);
            long rows = 0;
            foreach (var family in families)
            {
                var bound = FixedRowBound + StringBound(family.VillageCode) + StringBound(family.Tier)
                    + StringBound(family.HeadAgeGroup) + StringBound(family.HeadSex);
                if (buffer.Length - pos < bound)
                {
                    output.Write(buffer, 0, pos);
                    pos = 0;
                    if (buffer.Length < bound)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(bound);
                    }
                }
                pos += WriteRow(family, buffer.AsSpan(pos));

                rows++;
                if (rows % CancellationInterval == 0) ct.ThrowIfCancellationRequested();
                if (rows % ProgressInterval == 0) progress?.Report(rows);
            }
            output.Write(buffer, 0, pos);
            output.Flush();
            if (rows == 0 || rows % ProgressInterval != 0) progress?.Report(rows);
            return rows;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes to <paramref name="path"/>, gzip-compressed when it ends in ".gz". Output goes to a sibling
    /// ".partial" file first so a failed or cancelled run never leaves a truncated file under the real name.
    /// </summary>
    public static long WriteFile(string path, IEnumerable<FamilyRecord> families, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(families);

        var partial = path + ".partial";
        try
        {
            long rows;
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
            {
                if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    // Optimal over Fastest: measured ~40% smaller for ~5x the time (2.7 M rows: 15 MB in 4 s vs 25 MB in 1 s);
                    // these files are made once and shipped many times.
                    using var gzip = new GZipStream(file, CompressionLevel.Optimal);
                    rows = Write(families, gzip, progress, ct);
                }
                else
                {
                    rows = Write(families, file, progress, ct);
                }
            }
            File.Move(partial, path, overwrite: true);
            return rows;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static int WriteRow(in FamilyRecord family, Span<byte> span)
    {
        var pos = WriteInt64(family.FamilyKey, span);
        span[pos++] = (byte)',';
        pos += WriteString(family.VillageCode, span[pos..]);
        span[pos++] = (byte)',';
        pos += WriteString(family.Tier, span[pos..]);
        span[pos++] = (byte)',';
        pos += WriteInt64(family.Decile, span[pos..]);
        span[pos++] = (byte)',';
        pos += WriteInt64(family.Members, span[pos..]);
        span[pos++] = (byte)',';
        pos += WriteChar(family.HeadSex, span[pos..]);
        span[pos++] = (byte)',';
        pos += WriteString(family.HeadAgeGroup, span[pos..]);
        span[pos++] = (byte)',';
        span[pos++] = family.Disability ? (byte)'1' : (byte)'0';
        span[pos++] = (byte)'\n';
        return pos;
    }

    private static int WriteInt64(long value, Span<byte> span)
    {
        Utf8Formatter.TryFormat(value, span, out var written);
        return written;
    }

    private static int WriteChar(char value, Span<byte> span)
    {
        if (char.IsAscii(value) && !NeedsQuoting.Contains(value))
        {
            span[0] = (byte)value;
            return 1;
        }
        return WriteString(value.ToString(), span);
    }

    private static int WriteString(string? value, Span<byte> span)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        if (!value.AsSpan().ContainsAny(NeedsQuoting)) return Encoding.UTF8.GetBytes(value, span);

        var pos = 0;
        span[pos++] = (byte)'"';
        var parts = value.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                span[pos++] = (byte)'"';
                span[pos++] = (byte)'"';
            }
            pos += Encoding.UTF8.GetBytes(parts[i], span[pos..]);
        }
        span[pos++] = (byte)'"';
        return pos;
    }

    // UTF-8 needs at most 3 bytes per UTF-16 unit; doubled quotes and the enclosing pair fit in the 6x.
    private static int StringBound(string? value) => value is null ? 0 : 2 + 6 * value.Length;

    private static int StringBound(char _) => 8;
}
