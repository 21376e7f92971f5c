using Dapper;
using Npgsql;
using Regsosek.Pipeline.Publishing;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Tables;

/// <summary>
/// A publish with custom tables attaches its cells' partition, which locks stats.release (SHARE ROW EXCLUSIVE, for the
/// release foreign key) as an import's attach of its families does. An import holds its new release row from the start;
/// the publish must wait for the import's attach without holding what that attach waits for (CI once failed an import
/// with 40P01 when the publish had already updated its release row).
/// </summary>
public sealed class PublishBesideImportTests() : DatabaseCopyTests("beside")
{
    [Fact]
    public async Task A_publish_waiting_for_an_import_lets_the_import_attach_its_release_and_both_commit()
    {
        const string release = "beside-import";
        await using var admin = NpgsqlDataSource.Create(Db.Admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(admin);
        await PublishedReleaseFixture.ImportAsync(admin, release, FamilyGenerator.Generate(villages, new GeneratorOptions(17, 2_000)));

        // What an import holds and then asks for: its release row inserted, then the attach's lock.
        await using var import = await admin.OpenConnectionAsync();
        await using var importing = await import.BeginTransactionAsync();
        await import.ExecuteAsync("""
            INSERT INTO stats.release (name, reference_period, status, region_package, region_version)
            VALUES ('beside-importing', '2022', 'imported', 'test', 'test')
            """, transaction: importing);

        var publishing = Task.Run(() => ReleasePublisher.PublishAsync(admin, release, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None));
        Assert.True(await Eventually.HoldsAsync(() => WaitsForReleaseLockAsync(admin), TimeSpan.FromSeconds(60)),
            "the publish never reached its wait for the lock on stats.release");

        await import.ExecuteAsync("LOCK TABLE stats.release IN SHARE ROW EXCLUSIVE MODE", transaction: importing);
        await importing.CommitAsync();

        var published = await publishing;
        Assert.Equal(release, published.Name);
    }

    private static async Task<bool> WaitsForReleaseLockAsync(NpgsqlDataSource admin)
    {
        await using var connection = await admin.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'stats.release'::regclass AND NOT granted)
            """);
    }
}
