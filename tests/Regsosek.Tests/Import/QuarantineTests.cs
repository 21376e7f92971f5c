using Dapper;
using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

/// <summary>With MaxErrors = N, up to N bad rows go to the reject file and the rest is imported; more rejects the file.</summary>
[Collection(ImportCollection.Name)]
public sealed class QuarantineTests(ImportDatabase database) : IDisposable
{
    private readonly ImportFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Bad_rows_up_to_the_limit_are_quarantined_in_the_reject_file_and_the_rest_is_imported()
    {
        var village = database.Villages[0];
        var rows = ImportFiles.ValidRows(database.Villages, 10).ToList();
        rows.Insert(2, ImportFiles.Row(11, village, tier: "rich"));              // line 4
        rows.Insert(5, ImportFiles.Row(12, "\"99.99,\"\"x\"\"\""));              // line 7: quoted comma and quotes come back quoted
        rows.Add(ImportFiles.Row(3, village, decile: "9"));                      // line 14, repeats the key on line 5
        rows.Add("13,too,few");                                                  // line 15
        var path = _files.Write(rows);

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()) { MaxErrors = 4 });

        Assert.Equal((10L, 4L, path + ".rejects.csv"), (result.Rows, result.Quarantined, result.RejectFile));
        Assert.Equal([4L, 7, 14, 15], result.Report.Errors.Select(e => e.Line).Order());
        Assert.Equal(10, await database.FamiliesAsync(result.ReleaseId));
        await using var connection = await database.Db.OpenConnectionAsync();
        Assert.Equal(3, await connection.ExecuteScalarAsync<short>(
            "SELECT decile FROM microdata.family WHERE release_id = @id AND family_key = 3", new { id = result.ReleaseId }));
        var lines = File.ReadAllLines(result.RejectFile!);
        Assert.Equal([
            "line,column,reason,message,family_key,village_code,tier,decile,members,head_sex,head_age_group,disability",
            $"4,tier,BadTier,\"tier 'rich' is not one of extreme_poor, poor, vulnerable, upper_middle\",11,{village},rich,3,4,M,35-44,0",
            "7,village_code,UnknownVillage,\"village_code '99.99,\"\"x\"\"' is not a village code in the region table\",12,\"99.99,\"\"x\"\"\",poor,3,4,M,35-44,0",
            "15,,MalformedLine,\"expected 8 fields, found 3\",13,too,few,,,,,",
            $"14,family_key,DuplicateFamilyKey,family_key 3 is already on line 5,3,{village},poor,9,4,M,35-44,0",
        ], lines);
        Assert.False(File.Exists(result.RejectFile + ".partial"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.RejectFile!));
        }
    }

    [Fact]
    public async Task More_bad_rows_than_allowed_reject_the_whole_file_and_leave_no_reject_file()
    {
        var release = ImportDatabase.NewRelease();
        var village = database.Villages[0];
        var rows = ImportFiles.ValidRows(database.Villages, 10)
            .Append(ImportFiles.Row(11, village, tier: "rich"))
            .Append(ImportFiles.Row(12, village, headSex: "x"))
            .Append(ImportFiles.Row(1, village));
        var path = _files.Write(rows);
        var rejectFile = Path.Combine(_files.Folder, "rejects.csv");

        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => FamilyImporter.ImportAsync(database.Db, path,
            new ImportOptions(release) { MaxErrors = 2, RejectFile = rejectFile }));

        Assert.EndsWith("3 bad rows, at most 2 allowed", e.Message);
        Assert.Equal(3, e.Report.TotalErrors);
        Assert.Equal([path], Directory.GetFiles(_files.Folder));
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task A_file_with_no_bad_rows_writes_no_reject_file()
    {
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 10));

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()) { MaxErrors = 5 });

        Assert.Equal((10L, 0L, null), (result.Rows, result.Quarantined, result.RejectFile));
        Assert.Equal([path], Directory.GetFiles(_files.Folder));
    }

    [Fact]
    public async Task A_file_whose_rows_are_all_quarantined_imports_nothing()
    {
        var release = ImportDatabase.NewRelease();
        var path = _files.Write([ImportFiles.Row(1, database.Villages[0], tier: "rich")]);

        var e = await Assert.ThrowsAsync<ImportException>(
            () => FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release) { MaxErrors = 5 }));

        Assert.Equal($"{path} has no rows to import", e.Message);
        Assert.Equal([path], Directory.GetFiles(_files.Folder));
        await database.AssertNothingImportedAsync(release);
    }
}
