using Dapper;
using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

/// <summary>A declared coverage (--coverage) names loaded regions and holds every family, or nothing is imported.</summary>
[Collection(ImportCollection.Name)]
public sealed class ImportCoverageTests(ImportDatabase database) : IDisposable
{
    private readonly ImportFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static long FirstKey() => 7_000_000_000_000L + Random.Shared.Next(1, 1_000_000) * 1000L;

    [Fact]
    public async Task A_family_outside_the_declared_coverage_rejects_the_file_naming_its_line_and_village()
    {
        var release = ImportDatabase.NewRelease("coverage");
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 5, FirstKey()));

        var error = await Assert.ThrowsAsync<ImportException>(() =>
            FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release) { Coverage = ["17"] }));

        Assert.Contains("5 families live outside the declared coverage (17)", error.Message);
        Assert.Contains($"line 2: {database.Villages[0]}", error.Message);
        Assert.Contains($"line 6: {database.Villages[4]}", error.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task A_declared_coverage_must_name_loaded_regions()
    {
        var release = ImportDatabase.NewRelease("coverage");
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 3, FirstKey()));

        var error = await Assert.ThrowsAsync<ImportException>(() =>
            FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release) { Coverage = ["18", "18.99"] }));

        Assert.Contains("not loaded: 18.99", error.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task A_file_inside_its_declared_coverage_is_imported_with_it()
    {
        var release = ImportDatabase.NewRelease("coverage");
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 5, FirstKey()));

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release) { Coverage = ["17", "18.71"] });

        await using var connection = await database.Db.OpenConnectionAsync();
        Assert.Equal(["17", "18.71"], await connection.ExecuteScalarAsync<string[]>(
            "SELECT coverage FROM stats.release WHERE id = @id", new { id = result.ReleaseId }) ?? []);
    }
}
