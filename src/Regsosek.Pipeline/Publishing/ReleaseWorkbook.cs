using System.Buffers.Binary;
using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;
using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;

namespace Regsosek.Pipeline.Publishing;

/// <summary>What the release sheet of a workbook says about the release its table comes from.</summary>
public sealed record ReleaseSheetInfo(
    string Name, string ReferencePeriod, string Description, DateTime? PublishedAt, bool Coherent,
    double? FamiliesCellsChangedShare, double? FamiliesMeanAbsChange, double? PersonsCellsChangedShare, double? PersonsMeanAbsChange,
    double? FamiliesMeanChange, double? PersonsMeanChange);

/// <summary>
/// A table of a release as an xlsx workbook (SpreadCheetah): sheet 1, named after the table, holds exactly the CSV's
/// columns and rows (<see cref="CsvTable"/>), with the release, codes, names, level and measure as text cells (Excel
/// never reads 18.10 as the number 18.1 here, as it does when it opens the CSV), counts as numbers and shares as numbers
/// (empty where the CSV's are). Sheet 2, <c>release</c>, names the release and states its disclosure control.
/// Rows are written as they are read: SpreadCheetah keeps a small buffer and compresses into the stream as it goes.
/// The stream is a MemoryStream whose bytes are then stored with the release (stats.release_file), as the CSV is held
/// in memory until it is stored: the compressed workbook is a fraction of the CSV's size.
/// </summary>
internal sealed class ReleaseWorkbook : IAsyncDisposable
{
    public const string ReleaseSheet = "release";

    private static readonly HashSet<string> TextColumns = ["release", "region_code", "region_name", "level", "parent_code", "measure", CsvTable.CoverageColumn];

    private readonly CsvTable _table;
    private readonly MemoryStream _stream;
    private readonly Spreadsheet _spreadsheet;
    private readonly StyleId _header;
    private readonly DataCell[] _row;

    private ReleaseWorkbook(CsvTable table, MemoryStream stream, Spreadsheet spreadsheet, StyleId header)
    {
        _table = table;
        _stream = stream;
        _spreadsheet = spreadsheet;
        _header = header;
        _row = new DataCell[table.Columns.Count];
    }

    /// <summary>Starts the table's sheet with its header row (bold, frozen so it stays in view while scrolling).</summary>
    public static async Task<ReleaseWorkbook> StartAsync(CsvTable table, ReleaseSheetInfo release, CancellationToken ct)
    {
        var stream = new MemoryStream(1 << 16);
        var spreadsheet = await Spreadsheet.CreateNewAsync(stream, new SpreadCheetahOptions
        {
            CompressionLevel = SpreadCheetahCompressionLevel.Optimal,
            // No docProps/core.xml: SpreadCheetah stamps it with the time of writing, and a release's files are made
            // again from the same rows (regsosek files --release) with the same bytes, so the same ETag. The release
            // sheet says what the title would.
            DocumentProperties = null,
        }, ct);
        var header = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
        var text = new Style { Format = NumberFormat.Standard(StandardNumberFormat.Text) };
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = options.Column(i + 1);
            var name = table.Columns[i];
            column.Width = name is "region_name" or "release" ? 28 : Math.Max(10, name.Length + 2);
            if (TextColumns.Contains(name))
            {
                // Codes typed into the sheet later stay text too.
                column.DefaultStyle = text;
            }
        }
        await spreadsheet.StartWorksheetAsync(table.Name, options, ct);
        await spreadsheet.AddHeaderRowAsync(table.Columns.ToList(), header, ct);
        return new ReleaseWorkbook(table, stream, spreadsheet, header);
    }

    /// <summary>One row, as <see cref="CsvTable.WriteRow"/> writes it.</summary>
    public ValueTask AddRowAsync(string release, RegionStatistics region, Measure measure, CancellationToken ct)
    {
        // A region not covered has no counts: empty cells, never 0 (as in the CSV).
        var counts = _table.Counts(region, measure);
        var denominator = counts?.Sum();
        var i = 0;
        _row[i++] = new DataCell(release);
        _row[i++] = new DataCell(region.RegionCode);
        _row[i++] = new DataCell(region.Name);
        _row[i++] = new DataCell(CsvTable.LevelName(region.Level));
        _row[i++] = new DataCell(region.ParentCode);
        _row[i++] = new DataCell(CsvTable.MeasureName(measure));
        _row[i++] = new DataCell(region.Total(measure));
        _row[i++] = new DataCell(denominator);
        for (var c = 0; c < _table.CategoryColumns.Count; c++)
        {
            _row[i++] = counts is null ? new DataCell((int?)null) : new DataCell(counts[c]);
        }
        for (var c = 0; c < _table.CategoryColumns.Count; c++)
        {
            _row[i++] = counts is null ? new DataCell((double?)null) : new DataCell(CsvTable.Share(counts[c], denominator!.Value));
        }
        _row[i++] = new DataCell(region.Coverage.ApiName());
        return _spreadsheet.AddRowAsync(_row, ct);
    }

    /// <summary>Ends the table's sheet, writes the release sheet and returns the workbook's bytes.</summary>
    public async Task<byte[]> FinishAsync(ReleaseSheetInfo release, CancellationToken ct)
    {
        var options = new WorksheetOptions();
        options.Column(1).Width = 30;
        options.Column(2).Width = 120;
        await _spreadsheet.StartWorksheetAsync(ReleaseSheet, options, ct);
        await _spreadsheet.AddHeaderRowAsync(["item", "value"], _header, ct);
        foreach (var (item, value) in ReleaseRows(_table, release))
        {
            await _spreadsheet.AddRowAsync([new DataCell(item), value], ct);
        }
        await _spreadsheet.FinishAsync(ct);
        var bytes = _stream.ToArray();
        StampEntries(bytes, release.PublishedAt ?? DosEpoch);
        return bytes;
    }

    private static readonly DateTime DosEpoch = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Sets every zip entry's modification time (ZipArchive stamps each with the clock when it is created) to the
    /// release's publication time, in the local and central headers (APPNOTE 4.3.7, 4.3.12), so the same rows make
    /// the same bytes. The times are not covered by any CRC, and .NET writes no extra timestamp fields.
    /// </summary>
    internal static void StampEntries(byte[] zip, DateTime at)
    {
        at = at < DosEpoch ? DosEpoch : at;
        var time = (ushort)((at.Hour << 11) | (at.Minute << 5) | (at.Second / 2));
        var date = (ushort)(((at.Year - 1980) << 9) | (at.Month << 5) | at.Day);
        var span = zip.AsSpan();
        var end = span.LastIndexOf([(byte)0x50, (byte)0x4b, (byte)0x05, (byte)0x06]);
        if (end < 0)
        {
            throw new InvalidDataException("the workbook has no zip end of central directory");
        }
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(span[(end + 10)..]);
        var at0 = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(end + 16)..]);
        for (var i = 0; i < entries; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[at0..]) != 0x02014b50)
            {
                throw new InvalidDataException("unexpected zip central directory entry");
            }
            BinaryPrimitives.WriteUInt16LittleEndian(span[(at0 + 12)..], time);
            BinaryPrimitives.WriteUInt16LittleEndian(span[(at0 + 14)..], date);
            var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(at0 + 42)..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[local..]) != 0x04034b50)
            {
                throw new InvalidDataException("unexpected zip local header");
            }
            BinaryPrimitives.WriteUInt16LittleEndian(span[(local + 10)..], time);
            BinaryPrimitives.WriteUInt16LittleEndian(span[(local + 12)..], date);
            at0 += 46 + BinaryPrimitives.ReadUInt16LittleEndian(span[(at0 + 28)..]) + BinaryPrimitives.ReadUInt16LittleEndian(span[(at0 + 30)..]) +
                   BinaryPrimitives.ReadUInt16LittleEndian(span[(at0 + 32)..]);
        }
    }

    /// <summary>
    /// The release and what its disclosure control means for a reader, worded as the release resource words it
    /// (<see cref="DisclosureWording"/>), with the release's measured effect of the noise when it is known.
    /// </summary>
    internal static IEnumerable<(string Item, DataCell Value)> ReleaseRows(CsvTable table, ReleaseSheetInfo release)
    {
        yield return ("release", new DataCell(release.Name));
        yield return ("table", new DataCell(table.Name));
        yield return ("reference_period", new DataCell(release.ReferencePeriod));
        yield return ("description", new DataCell(release.Description));
        yield return ("published_at", new DataCell(release.PublishedAt is { } at
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "at publication"));
        yield return ("disclosure_method", new DataCell(DisclosureWording.Method));
        yield return ("disclosure_statement", new DataCell(DisclosureWording.Statement));
        yield return ("disclosure_statement_id", new DataCell(DisclosureWording.StatementId));
        foreach (var implication in DisclosureWording.Implications(release.Coherent))
        {
            yield return ("implication", new DataCell(implication));
        }
        if (release.FamiliesCellsChangedShare is { } familiesShare && release.FamiliesMeanAbsChange is { } familiesMean &&
            release.PersonsCellsChangedShare is { } personsShare && release.PersonsMeanAbsChange is { } personsMean)
        {
            yield return ("families_cells_changed_share", new DataCell(familiesShare));
            yield return ("families_mean_absolute_change", new DataCell(familiesMean));
            yield return ("persons_cells_changed_share", new DataCell(personsShare));
            yield return ("persons_mean_absolute_change", new DataCell(personsMean));
        }
        if (release.FamiliesMeanChange is { } familiesChange && release.PersonsMeanChange is { } personsChange)
        {
            // The release resource's meanChange, which the coherence implication refers to.
            yield return ("families_mean_change", new DataCell(familiesChange));
            yield return ("persons_mean_change", new DataCell(personsChange));
        }
        yield return ("columns", new DataCell(
            "The first sheet has the columns of the CSV export of the same table: codes are text (18.10 is not 18.1); " +
            "counts are published (protected) counts; shares divide a count by denominator, the sum of the published category counts."));
    }

    public async ValueTask DisposeAsync()
    {
        await _spreadsheet.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
