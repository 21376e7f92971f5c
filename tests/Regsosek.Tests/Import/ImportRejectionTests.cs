using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

/// <summary>With the default MaxErrors = 0 any bad row rejects the file: the report says where and why, and nothing is imported.</summary>
[Collection(ImportCollection.Name)]
public sealed class ImportRejectionTests(ImportDatabase database) : IDisposable
{
    private readonly ImportFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("family_key", "0", ImportErrorReason.BadFamilyKey)]
    [InlineData("family_key", "-5", ImportErrorReason.BadFamilyKey)]
    [InlineData("family_key", "12a", ImportErrorReason.BadFamilyKey)]
    [InlineData("family_key", "", ImportErrorReason.BadFamilyKey)]
    [InlineData("family_key", "99999999999999999999", ImportErrorReason.BadFamilyKey)]
    [InlineData("village_code", "18.71.01.9999", ImportErrorReason.UnknownVillage)]
    [InlineData("village_code", "18.71.01", ImportErrorReason.UnknownVillage)]
    [InlineData("village_code", " 18.71.01.1003", ImportErrorReason.UnknownVillage)]
    [InlineData("tier", "rich", ImportErrorReason.BadTier)]
    [InlineData("tier", "Poor", ImportErrorReason.BadTier)]
    [InlineData("tier", "2", ImportErrorReason.BadTier)]
    [InlineData("decile", "0", ImportErrorReason.BadDecile)]
    [InlineData("decile", "11", ImportErrorReason.BadDecile)]
    [InlineData("decile", " 3", ImportErrorReason.BadDecile)]
    [InlineData("decile", "+3", ImportErrorReason.BadDecile)]
    [InlineData("members", "0", ImportErrorReason.BadMembers)]
    [InlineData("members", "31", ImportErrorReason.BadMembers)]
    [InlineData("members", "2.5", ImportErrorReason.BadMembers)]
    [InlineData("head_sex", "m", ImportErrorReason.BadHeadSex)]
    [InlineData("head_sex", "X", ImportErrorReason.BadHeadSex)]
    [InlineData("head_sex", "MF", ImportErrorReason.BadHeadSex)]
    [InlineData("head_age_group", "65", ImportErrorReason.BadHeadAgeGroup)]
    [InlineData("head_age_group", "15-25", ImportErrorReason.BadHeadAgeGroup)]
    [InlineData("head_age_group", "", ImportErrorReason.BadHeadAgeGroup)]
    [InlineData("disability", "2", ImportErrorReason.BadDisability)]
    [InlineData("disability", "true", ImportErrorReason.BadDisability)]
    public async Task A_bad_field_is_reported_with_its_line_and_column_and_nothing_is_imported(string column, string value, ImportErrorReason reason)
    {
        var release = ImportDatabase.NewRelease();
        var fields = ImportFiles.Row(4, database.Villages[0]).Split(',');
        fields[Array.IndexOf(ImportFiles.Header.Split(','), column)] = value;
        var rows = ImportFiles.ValidRows(database.Villages, 3).Append(string.Join(',', fields)).Concat(ImportFiles.ValidRows(database.Villages, 3, first: 5));

        var rejected = await RejectAsync(_files.Write(rows), release);

        var error = Assert.Single(rejected.Report.Errors);
        Assert.Equal((5L, column, reason), (error.Line, error.Column, error.Reason));
        Assert.StartsWith(column, error.Message);
        Assert.Equal(new Dictionary<ImportErrorReason, long> { [reason] = 1 }, rejected.Report.Counts);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task Repeated_family_keys_report_every_later_occurrence_with_the_line_of_the_first()
    {
        var release = ImportDatabase.NewRelease();
        var village = database.Villages[0];
        var path = _files.Write([
            ImportFiles.Row(1, village), ImportFiles.Row(2, village), ImportFiles.Row(1, village, decile: "9"),
            ImportFiles.Row(3, village), ImportFiles.Row(1, village), ImportFiles.Row(3, village),
        ]);

        var rejected = await RejectAsync(path, release);

        Assert.Equal([
            new ImportError(4, "family_key", ImportErrorReason.DuplicateFamilyKey, "family_key 1 is already on line 2"),
            new ImportError(6, "family_key", ImportErrorReason.DuplicateFamilyKey, "family_key 1 is already on line 2"),
            new ImportError(7, "family_key", ImportErrorReason.DuplicateFamilyKey, "family_key 3 is already on line 5"),
        ], rejected.Report.Errors);
        Assert.Equal(new Dictionary<ImportErrorReason, long> { [ImportErrorReason.DuplicateFamilyKey] = 3 }, rejected.Report.Counts);
        await database.AssertNothingImportedAsync(release);
    }

    [Theory]
    [InlineData("family_key,village,tier,decile,members,head_sex,head_age_group,disability", "village_code")]
    [InlineData("family_key,village_code,tier,decile,members,head_sex,head_age_group", "disability")]
    [InlineData("family_key,village_code,tier,decile,members,head_sex,head_age_group,disability,extra", null)]
    [InlineData("village_code,family_key,tier,decile,members,head_sex,head_age_group,disability", "family_key")]
    [InlineData("FAMILY_KEY,village_code,tier,decile,members,head_sex,head_age_group,disability", "family_key")]
    [InlineData("1,18.71.01.1003,poor,3,4,M,35-44,0", "family_key")]
    [InlineData("", "family_key")]
    public async Task A_wrong_header_rejects_the_file_at_line_1(string header, string? column)
    {
        var release = ImportDatabase.NewRelease();
        var path = _files.Write(header + "\n" + string.Join("\n", ImportFiles.ValidRows(database.Villages, 3)) + "\n");

        var rejected = await RejectAsync(path, release);

        var error = Assert.Single(rejected.Report.Errors);
        Assert.Equal((1L, column, ImportErrorReason.WrongHeader), (error.Line, error.Column, error.Reason));
        Assert.Contains(ImportFiles.Header, error.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task An_empty_file_has_a_wrong_header()
    {
        var rejected = await RejectAsync(_files.Write(""), ImportDatabase.NewRelease());

        Assert.Equal(ImportErrorReason.WrongHeader, Assert.Single(rejected.Report.Errors).Reason);
    }

    [Theory]
    [InlineData("5,18.71.01.1003,poor,3,4,M,35-44", "expected 8 fields, found 7")]
    [InlineData("5,18.71.01.1003,poor,3,4,M,35-44,0,extra", "expected 8 fields, found 9")]
    [InlineData("", "expected 8 fields, found 1")]
    public async Task A_line_with_the_wrong_number_of_fields_is_malformed(string line, string message)
    {
        var release = ImportDatabase.NewRelease();
        var rows = ImportFiles.ValidRows(database.Villages, 3).Append(line).Concat(ImportFiles.ValidRows(database.Villages, 2, first: 10));

        var rejected = await RejectAsync(_files.Write(rows), release);

        Assert.Equal(new ImportError(5, null, ImportErrorReason.MalformedLine, message), Assert.Single(rejected.Report.Errors));
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task An_unterminated_quote_is_malformed_at_the_line_where_its_record_starts_and_stops_reading()
    {
        var release = ImportDatabase.NewRelease();
        var rows = ImportFiles.ValidRows(database.Villages, 3).Append("5,\"18.71.01.1003,poor,3,4,M,35-44,0")
            .Concat(ImportFiles.ValidRows(database.Villages, 2, first: 10));

        var rejected = await RejectAsync(_files.Write(rows), release, maxErrors: 1000);

        var error = Assert.Single(rejected.Report.Errors);
        Assert.Equal((5L, "village_code", ImportErrorReason.MalformedLine), (error.Line, error.Column, error.Reason));
        Assert.Contains("reading stopped", rejected.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_malformed()
    {
        var release = ImportDatabase.NewRelease();
        var rows = ImportFiles.ValidRows(database.Villages, 1).Append("5,18.71.01.1003,\"poor\"x,3,4,M,35-44,0");

        var rejected = await RejectAsync(_files.Write(rows), release);

        var error = Assert.Single(rejected.Report.Errors);
        Assert.Equal((3L, "tier", ImportErrorReason.MalformedLine), (error.Line, error.Column, error.Reason));
    }

    [Fact]
    public async Task Line_numbers_are_physical_lines_counting_breaks_inside_quoted_fields()
    {
        var release = ImportDatabase.NewRelease();
        var village = database.Villages[0];
        // Line 2 holds a record spanning lines 2-4 (a quoted field with a LF and a CRLF inside); line 5 is the next record.
        var path = _files.Write(ImportFiles.Header + "\n" +
            ImportFiles.Row(1, "\"18.71\n01\r\n1003\"") + "\n" +
            ImportFiles.Row(2, village, tier: "rich") + "\n" +
            ImportFiles.Row(3, village) + "\r\n" +
            ImportFiles.Row(4, village, decile: "0") + "\n");

        var rejected = await RejectAsync(path, release);

        Assert.Equal([(2L, ImportErrorReason.UnknownVillage), (5L, ImportErrorReason.BadTier), (7L, ImportErrorReason.BadDecile)],
            rejected.Report.Errors.Select(e => (e.Line, e.Reason)));
        Assert.Contains(@"'18.71\n01\r\n1003'", rejected.Report.Errors[0].Message);
    }

    [Fact]
    public async Task The_report_lists_the_first_100_errors_in_line_order_and_counts_every_reason()
    {
        var release = ImportDatabase.NewRelease();
        var village = database.Villages[0];
        // Per 8 rows: 2 bad tiers, 1 bad members count, 1 bad decile, and row 6 repeats the key of row 4: 250 bad rows in 400.
        var rows = Enumerable.Range(1, 400).Select(i => (i % 8) switch
        {
            1 or 3 => ImportFiles.Row(i, village, tier: "rich"),
            2 => ImportFiles.Row(i, village, members: "99"),
            5 => ImportFiles.Row(i, village, decile: "11"),
            4 => ImportFiles.Row(i + 2, village),
            _ => ImportFiles.Row(i, village),
        });

        var rejected = await RejectAsync(_files.Write(rows), release);

        var report = rejected.Report;
        Assert.Equal(ImportReport.MaxListed, report.Errors.Count);
        Assert.Equal(report.Errors.OrderBy(e => e.Line).Select(e => e.Line), report.Errors.Select(e => e.Line));
        Assert.Equal(Enumerable.Range(1, 160).Where(i => i % 8 is 1 or 2 or 3 or 5 or 6).Select(i => i + 1L), report.Errors.Select(e => e.Line));
        Assert.Equal(new Dictionary<ImportErrorReason, long>
        {
            [ImportErrorReason.BadTier] = 100,
            [ImportErrorReason.BadDecile] = 50,
            [ImportErrorReason.BadMembers] = 50,
            [ImportErrorReason.DuplicateFamilyKey] = 50,
        }, report.Counts);
        Assert.Equal(250, report.TotalErrors);
        Assert.EndsWith("250 bad rows, at most 0 allowed", rejected.Message);
        await database.AssertNothingImportedAsync(release);
    }

    private async Task<ImportRejectedException> RejectAsync(string path, string release, long maxErrors = 0) =>
        await Assert.ThrowsAsync<ImportRejectedException>(
            () => FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release) { MaxErrors = maxErrors }));
}
