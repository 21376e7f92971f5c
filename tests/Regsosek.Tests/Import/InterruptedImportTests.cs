using Dapper;
using Npgsql;
using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

/// <summary>An import that stops halfway, however it stops, leaves the database as it was.</summary>
[Collection(ImportCollection.Name)]
public sealed class InterruptedImportTests(ImportDatabase database) : IDisposable
{
    private const int Rows = 50_000;
    private const int StopAfter = 10_000;

    private readonly ImportFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Cancelling_mid_import_leaves_nothing()
    {
        var release = ImportDatabase.NewRelease();
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, Rows));
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<ImportProgress>(p =>
        {
            if (p.RowsRead >= StopAfter) cts.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FamilyImporter.ImportAsync(
            database.Db, path, new ImportOptions(release) { ProgressInterval = TimeSpan.Zero }, progress, cts.Token));

        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task Killing_the_importing_backend_mid_copy_leaves_nothing()
    {
        var release = ImportDatabase.NewRelease();
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, Rows));
        var application = $"import-kill-{Guid.NewGuid():N}";
        await using var importerDb = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(database.Strings.Admin) { ApplicationName = application, Pooling = false }.ConnectionString);
        string? killedDuring = null;
        var progress = new SynchronousProgress<ImportProgress>(p =>
        {
            if (killedDuring is not null || p.RowsRead < StopAfter) return;
            using var killer = new NpgsqlConnection(database.Strings.Admin);
            var (pid, query) = killer.QuerySingle<(int, string)>(
                "SELECT pid, query FROM pg_stat_activity WHERE application_name = @application AND query LIKE 'COPY microdata.family_r%'", new { application });
            // The timeout makes pg_terminate_backend wait until the backend has exited, so its transaction is gone.
            Assert.True(killer.ExecuteScalar<bool>("SELECT pg_terminate_backend(@pid, 10000)", new { pid }));
            killedDuring = query;
        });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => FamilyImporter.ImportAsync(
            importerDb, path, new ImportOptions(release) { ProgressInterval = TimeSpan.Zero }, progress));

        // The importer's other connection reads the record-key registry; the one copying the rows is killed.
        Assert.True(killedDuring is not null, e.ToString());
        Assert.StartsWith("COPY microdata.family_r", killedDuring);
        Assert.True(e is NpgsqlException, e.ToString());
        await database.AssertNothingImportedAsync(release);
    }
}
