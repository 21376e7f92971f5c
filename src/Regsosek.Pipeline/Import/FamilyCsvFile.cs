using System.Text;
using Regsosek.Pipeline.Synthetic;
using Sylvan.Data.Csv;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Streams the records of an import file (gzip when the name ends in ".gz") with the physical line each
/// starts on. Memory stays constant: one 64 KiB read buffer, and no record may exceed <see cref="MaxRecordChars"/>.
/// </summary>
internal sealed class FamilyCsvFile : IDisposable
{
    public static readonly string[] Columns = FamilyDomain.CsvHeader.Split(',');

    // Valid records are under 100 characters; the cap stops an unterminated quote from buffering the rest of the file.
    private const int MaxRecordChars = 1 << 20;

    // Sylvan cannot switch comments off; a NUL-led line is garbage anyway, and the handler keeps it from vanishing silently.
    private const char CommentMarker = '\0';

    private readonly CsvDataReader _reader;
    private readonly Queue<ImportError> _skipped = new();
    private long _nextLine;
    private long _advance = 1;

    private readonly string _path;

    private FamilyCsvFile(string path, TextReader text)
    {
        _path = path;
        // The header is read as an ordinary record so that its errors and line count go through the same code.
        _reader = CsvDataReader.Create(text, new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = ',',
            Quote = '"',
            Escape = '"',
            Comment = CommentMarker,
            CommentHandler = new Action<string>(OnComment),
            MaxBufferSize = MaxRecordChars,
        });
        HeaderError = CheckHeader();
    }

    /// <summary>Null when the first line is exactly the expected header.</summary>
    public ImportError? HeaderError { get; }

    /// <summary>Physical line the current record starts on (header = 1).</summary>
    public long Line { get; private set; }

    /// <summary>Records read so far, good or bad, header excluded.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Set when reading stopped at bad quoting or an oversized record: the rest of the file cannot be split reliably.</summary>
    public ImportError? FatalError { get; private set; }

    public int FieldCount => _reader.RowFieldCount;

    public static FamilyCsvFile Open(string path)
    {
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(file) : file;
            // Encoding.UTF8 skips a BOM, which spreadsheet exports often add.
            return new FamilyCsvFile(path, new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1 << 16));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            file?.Dispose();
            throw Unreadable(path, e);
        }
    }

    public static ImportException Unreadable(string path, Exception e) => new($"cannot read {path}: {e.Message}", e);

    /// <summary>Advances to the next record; false at the end or at a fatal error (see <see cref="FatalError"/>).</summary>
    public bool Read()
    {
        _nextLine += _advance;
        _advance = 1;
        try
        {
            if (!_reader.Read()) return false;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw Unreadable(_path, e);
        }
        catch (CsvFormatException e)
        {
            var column = e.FieldOrdinal >= 0 && e.FieldOrdinal < Columns.Length ? Columns[e.FieldOrdinal] : null;
            var message = e is CsvRecordTooLargeException
                ? $"record is longer than {MaxRecordChars} characters (an unterminated quote?)"
                : e.Message.TrimEnd('.');
            FatalError = new ImportError(_nextLine, column, ImportErrorReason.MalformedLine, message);
            return false;
        }
        Line = _nextLine;
        RowsRead++;
        return true;
    }

    public ReadOnlySpan<char> Field(int ordinal) => _reader.GetFieldSpan(ordinal);

    /// <summary>
    /// Called for a refused record so the next line number is right: only a bad record can hold a line break,
    /// since no valid value contains one, so good records skip the count.
    /// </summary>
    public void CountLineBreaks()
    {
        var raw = _reader.GetRawRecordSpan();
        long breaks = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n'))) breaks++;
        }
        _advance = Math.Max(breaks, 1);
    }

    /// <summary>The current record's fields as written, for the reject file; at most the eight expected.</summary>
    public string[] RawFields()
    {
        var fields = new string[Math.Min(_reader.RowFieldCount, Columns.Length)];
        for (var i = 0; i < fields.Length; i++) fields[i] = _reader.GetFieldSpan(i).ToString();
        return fields;
    }

    /// <summary>Lines the CSV reader skipped as comments since the last call; each is a bad row.</summary>
    public bool TryTakeSkipped(out ImportError error) => _skipped.TryDequeue(out error!);

    private void OnComment(string comment)
    {
        _skipped.Enqueue(new ImportError(_nextLine, null, ImportErrorReason.MalformedLine, "line starts with a NUL character"));
        _nextLine++;
    }

    private ImportError? CheckHeader()
    {
        if (!Read())
        {
            return FatalError is { } fatal
                ? WrongHeader(fatal.Column, fatal.Message)
                : WrongHeader(Columns[0], "the file is empty");
        }
        RowsRead = 0;
        if (Line != 1) return WrongHeader(Columns[0], "the first line starts with a NUL character");
        for (var i = 0; i < Columns.Length; i++)
        {
            if (i >= FieldCount) return WrongHeader(Columns[i], $"column {i + 1} should be {Columns[i]} but the header ends");
            if (!Field(i).SequenceEqual(Columns[i]))
            {
                return WrongHeader(Columns[i], $"column {i + 1} should be {Columns[i]}, found {Display.Value(Field(i))}");
            }
        }
        return FieldCount > Columns.Length
            ? WrongHeader(null, $"the header has {FieldCount} columns, expected {Columns.Length}")
            : null;
    }

    private static ImportError WrongHeader(string? column, string detail) =>
        new(1, column, ImportErrorReason.WrongHeader, $"header must be exactly {FamilyDomain.CsvHeader}; {detail}");

    public void Dispose() => _reader.Dispose();
}
