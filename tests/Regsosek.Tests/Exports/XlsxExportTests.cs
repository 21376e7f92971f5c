using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Dapper;
using Npgsql;
using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Exports;

/// <summary>
/// Every table of a release is also an xlsx workbook, made at publish time and served like the CSV: the table's rows
/// with codes as text cells (Excel must never see 18.10 as the number 18.1), and a sheet naming the release and its
/// disclosure control.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class XlsxExportTests(ApiFactory factory, StatisticsReleaseFixture release) : IClassFixture<StatisticsReleaseFixture>
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private readonly HttpClient _client = factory.CreateClient();

    private string Url(string file) => $"/api/v1/releases/{release.ReleaseName}/exports/{file}";

    private async Task<byte[]> StoredAsync(string name)
    {
        await using var connection = new NpgsqlConnection(release.Admin);
        return await connection.ExecuteScalarAsync<byte[]>("SELECT bytes FROM stats.release_file WHERE release_id = @id AND name = @name",
            new { id = release.ReleaseId, name }) ?? throw new InvalidOperationException($"no stored file {name}");
    }

    /// <summary>A sheet's rows, each as its cells' (type, text) in order: t="inlineStr"/"s"/"str" cells are text, the rest numbers.</summary>
    private static List<List<(string? Type, string Text)>> Rows(byte[] xlsx, int sheet)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        var entry = zip.GetEntry($"xl/worksheets/sheet{sheet}.xml") ?? throw new InvalidOperationException($"no sheet {sheet}");
        using var stream = entry.Open();
        var xml = XDocument.Load(stream);
        return xml.Descendants(Main + "row")
            .Select(row => row.Elements(Main + "c")
                .Select(c => ((string?)c.Attribute("t"), string.Concat(c.Descendants(Main + "t").Select(t => t.Value)) + (string?)c.Element(Main + "v")))
                .ToList())
            .ToList();
    }

    private static bool IsText(string? type) => type is "inlineStr" or "s" or "str";

    [Fact]
    public async Task Publishing_stores_an_xlsx_of_every_table_and_the_export_sends_exactly_those_bytes_named_after_the_release()
    {
        foreach (var table in CsvTable.All)
        {
            var name = ReleaseFileNames.Xlsx(table);
            var response = await _client.GetAsync(Url(name));
            var body = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ReleaseFileNames.XlsxMediaType, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(await StoredAsync(name), body);
            Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(body, 0, 2));
            Assert.Equal($"regsosek-{release.ReleaseName}-{table.Name}.xlsx", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
            Assert.False(response.Headers.ETag!.IsWeak);
            Assert.Empty(response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task The_first_sheet_has_the_csvs_rows_with_every_code_a_text_cell_and_counts_as_numbers()
    {
        var csv = System.Text.Encoding.UTF8.GetString(await StoredAsync("tiers.csv")).TrimEnd().Split("\r\n");
        var rows = Rows(await StoredAsync("tiers.xlsx"), 1);

        Assert.Equal(csv.Length, rows.Count);
        Assert.Equal(CsvTable.Tiers.Columns, rows[0].Select(c => c.Text));
        var codes = rows.Skip(1).Select(r => r[1]).ToList();
        Assert.All(codes, c => Assert.True(IsText(c.Type), $"region_code {c.Text} is a {c.Type ?? "number"} cell"));
        Assert.All(rows.Skip(1), r => Assert.True(IsText(r[0].Type) && r[0].Text == release.ReleaseName, "release is a text cell"));
        // A code whose last digit is 0 keeps it (Lampung's Pringsewu is 18.10; any such code proves the point).
        var trailingZero = codes.Select(c => c.Text).Where(c => c.EndsWith('0')).ToList();
        Assert.NotEmpty(trailingZero);
        Assert.Contains(trailingZero, c => csv.Any(line => line.Split(',')[1] == c));
        // The rows are the CSV's, value for value: counts are number cells holding the CSV's numbers.
        for (var i = 1; i < csv.Length; i += Math.Max(1, csv.Length / 50))
        {
            var fields = csv[i].Split(',');
            if (fields.Length != rows[i].Count)
            {
                continue; // a name with a comma is quoted in the CSV
            }
            Assert.Equal(fields[1], rows[i][1].Text);
            Assert.Equal(fields[6], rows[i][6].Text);
            Assert.Null(rows[i][6].Type);
            Assert.Equal(fields[8..12], rows[i].Skip(8).Take(4).Select(c => c.Text));
            Assert.Equal(fields[^1], rows[i][^1].Text); // coverage, text
            Assert.All(rows[i].Skip(12).SkipLast(1), share => Assert.True(share.Text == "" || double.Parse(share.Text, System.Globalization.CultureInfo.InvariantCulture) is >= 0 and <= 1));
        }
    }

    [Fact]
    public async Task The_second_sheet_names_the_release_and_states_its_disclosure_control()
    {
        var rows = Rows(await StoredAsync("deciles.xlsx"), 2);
        var items = rows.Skip(1).GroupBy(r => r[0].Text).ToDictionary(g => g.Key, g => g.Select(r => r[1].Text).ToList());

        Assert.Equal(release.ReleaseName, items["release"].Single());
        Assert.Equal("deciles", items["table"].Single());
        Assert.Equal(DisclosureWording.Statement, items["disclosure_statement"].Single());
        Assert.Equal(DisclosureWording.Method, items["disclosure_method"].Single());
        Assert.Contains(items["implication"], i => i.StartsWith("1 and 2 are never shown", StringComparison.Ordinal));
        Assert.Contains(items["implication"], i => i.StartsWith("Parts need not add up to totals", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", items["published_at"].Single());
        Assert.Single(items["persons_mean_change"]);
        Assert.InRange(double.Parse(items["families_cells_changed_share"].Single(), System.Globalization.CultureInfo.InvariantCulture), 0, 1);
    }

    [Fact]
    public async Task The_workbook_resumes_with_a_range_and_answers_if_none_match_with_304()
    {
        var whole = await StoredAsync("tiers.xlsx");
        var first = await _client.GetAsync(Url("tiers.xlsx"));

        using var range = new HttpRequestMessage(HttpMethod.Get, Url("tiers.xlsx"));
        range.Headers.Range = new RangeHeaderValue(100, null);
        range.Headers.IfRange = new RangeConditionHeaderValue(first.Headers.ETag!);
        range.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var rest = await _client.SendAsync(range);
        using var again = new HttpRequestMessage(HttpMethod.Get, Url("tiers.xlsx"));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Empty(rest.Content.Headers.ContentEncoding);
        Assert.Equal(whole[100..], await rest.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Writing_the_files_of_a_published_release_again_makes_the_same_workbook_byte_for_byte()
    {
        // The path of `regsosek files --release` (ReleaseFiles.WriteAsync), in a transaction rolled back: the shared
        // release's stored files stay as they are.
        await using var connection = new NpgsqlConnection(release.Admin);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var files = await ReleaseFiles.WriteAsync(connection, release.ReleaseId, CancellationToken.None);
        await tx.RollbackAsync();

        var again = files.Single(f => f.Name == "tiers.xlsx");
        Assert.Equal(ReleaseFileNames.XlsxMediaType, again.MediaType);
        Assert.Equal(Rows(await StoredAsync("tiers.xlsx"), 1), Rows(again.Bytes, 1));
        Assert.Equal(Rows(await StoredAsync("tiers.xlsx"), 2), Rows(again.Bytes, 2));
        Assert.Contains(files, f => f.Name == "deciles.xlsx");
        // Byte for byte: the zip entries carry the release's publication time, not the clock's, so its ETag stays.
        Assert.Equal(await StoredAsync("tiers.xlsx"), again.Bytes);
    }
}
