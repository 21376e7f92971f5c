using System.Buffers;
using System.Text;

namespace Regsosek.Data.Import;

/// <summary>
/// Quarantined rows: line,column,reason,message then the row's fields as read (RFC 4180, UTF-8). Written
/// beside the target as ".partial" and moved into place only after the import commits, so a reject file
/// always belongs to a release that exists. Owner-only on Unix: the rows are microdata.
/// </summary>
internal sealed class RejectFile(string path) : IDisposable
{
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private readonly string _partial = path + ".partial";
    private StreamWriter? _writer;

    public string Path { get; } = path;

    public long Rows { get; private set; }

    public void Write(ImportError error, IReadOnlyList<string> fields)
    {
        _writer ??= Create();
        _writer.Write(error.Line);
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

    /// <summary>Moves the file into place; a no-op when nothing was quarantined.</summary>
    public void Commit()
    {
        if (_writer is null) return;
        _writer.Dispose();
        _writer = null;
        File.Move(_partial, Path, overwrite: true);
    }

    public void Dispose()
    {
        if (_writer is null) return;
        _writer.Dispose();
        _writer = null;
        File.Delete(_partial);
    }

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
