using System.Buffers;
using System.Text;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Quarantined rows: line,column,reason,message then the row's fields as read (RFC 4180, UTF-8). Written
/// beside the target as ".partial" and moved into place only after the import commits, so a reject file
/// always belongs to a release that exists. Owner-only on Unix: the rows are microdata. Any failure to write
/// it (permission, full disk) is an <see cref="ImportException"/> naming the file, raised before the commit.
/// </summary>
internal sealed class RejectFile : IDisposable
{
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private readonly string _partial;
    private StreamWriter? _writer;

    /// <summary>Creates the partial file at once, so an unwritable location fails the import before it touches the database.</summary>
    public RejectFile(string path)
    {
        Path = path;
        _partial = path + ".partial";
        _writer = Guard(Create);
    }

    public string Path { get; }

    public long Rows { get; private set; }

    public void Write(ImportError error, IReadOnlyList<string> fields) => Guard(() => WriteRow(error, fields));

    private void WriteRow(ImportError error, IReadOnlyList<string> fields)
    {
        _writer!.Write(error.Line);
        _writer.Write(',');
        WriteField(error.Column ?? "");
        _writer.Write(',');
        WriteField(error.Reason.ToString());
        _writer.Write(',');
        WriteField(error.Message);
        for (var i = 0; i < FamilyCsvFile.Columns.Length; i++)
        {
            _writer.Write(',');
            if (i < fields.Count) WriteField(fields[i]);
        }
        _writer.Write('\n');
        Rows++;
    }

    /// <summary>
    /// Writes every row through to the disk; call before the import commits, so that a full disk rejects the
    /// import instead of leaving a committed release without its reject file.
    /// </summary>
    public void Complete() => Guard(() =>
    {
        if (_writer is null) return;
        _writer.Flush();
        ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
        _writer.Dispose();
        _writer = null;
    });

    /// <summary>Moves the completed file into place, or removes it when nothing was quarantined.</summary>
    public void Commit()
    {
        Complete();
        Guard(() =>
        {
            if (Rows > 0) File.Move(_partial, Path, overwrite: true);
            else File.Delete(_partial);
        });
    }

    public void Dispose()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (IOException)
        {
            // The buffered rows could not be written (disk full): the import already failed, the file goes anyway.
        }
        _writer = null;
        File.Delete(_partial);
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"cannot write the reject file {Path}: {e.Message}", e);
        }
    }

    private void Guard(Action action) => Guard(() =>
    {
        action();
        return true;
    });

    private StreamWriter Create()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var writer = new StreamWriter(_partial, new UTF8Encoding(false), options);
        writer.Write("line,column,reason,message,");
        writer.Write(string.Join(',', FamilyCsvFile.Columns));
        writer.Write('\n');
        return writer;
    }

    private void WriteField(string value)
    {
        if (!value.AsSpan().ContainsAny(NeedsQuoting))
        {
            _writer!.Write(value);
            return;
        }
        _writer!.Write('"');
        _writer.Write(value.Replace("\"", "\"\""));
        _writer.Write('"');
    }
}
