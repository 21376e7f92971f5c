using Dapper;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Pipeline.Database;
using Regsosek.Pipeline.Regions;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Regions;

[Collection(ApiCollection.Name)]
public sealed class RegionDataTests(ApiFactory factory)
{
    [Fact]
    public async Task Every_region_is_loaded_with_consistent_parents()
    {
        await using var connection = new NpgsqlConnection(factory.Database.Admin);
        var counts = (await connection.QueryAsync<(short Level, int Count)>("SELECT level, count(*)::int FROM region GROUP BY level ORDER BY level")).ToList();
        Assert.Equal([(1, 38), (2, 514), (3, 7285), (4, 83762)], counts.Select(c => ((int)c.Level, c.Count)));
        var lampung = await connection.QuerySingleAsync<(int Regencies, int Districts, int Villages)>("""
            SELECT count(*) FILTER (WHERE level = 2)::int, count(*) FILTER (WHERE level = 3)::int, count(*) FILTER (WHERE level = 4)::int
              FROM region WHERE code LIKE '18.%'
            """);
        Assert.Equal((15, 229, 2651), lampung);
    }

    [Fact]
    public async Task Loading_regions_again_changes_nothing()
    {
        await using var db = NpgsqlDataSource.Create(factory.Database.Admin);
        await using var connection = await db.OpenConnectionAsync();
        const string fingerprint = "SELECT md5(string_agg(code || parent_code || name || kind, ',' ORDER BY code)) FROM region";
        var before = await connection.ExecuteScalarAsync<string>(fingerprint);
        var package = await IdnAreaPackage.FetchAsync(LocalPaths.CacheDirectory(), TextWriter.Null, CancellationToken.None);
        var result = await RegionLoader.LoadAsync(db, package, TextWriter.Null, CancellationToken.None);
        Assert.Equal(83762, result.Villages);
        Assert.Equal(before, await connection.ExecuteScalarAsync<string>(fingerprint));
    }

    [Fact]
    public async Task A_tampered_tarball_fails_the_integrity_check()
    {
        var cached = Path.Combine(LocalPaths.CacheDirectory(), IdnAreaPackage.TarballName);
        Assert.True(await IdnAreaPackage.HasPinnedIntegrityAsync(cached, CancellationToken.None));
        var copy = Path.GetTempFileName();
        File.Copy(cached, copy, overwrite: true);
        await using (var stream = File.OpenWrite(copy))
        {
            stream.Seek(1000, SeekOrigin.Begin);
            stream.WriteByte(0x42);
        }
        Assert.False(await IdnAreaPackage.HasPinnedIntegrityAsync(copy, CancellationToken.None));
        File.Delete(copy);
    }

    [Fact]
    public async Task Migrating_again_finds_nothing_pending()
    {
        MigrationRunner.Migrate(factory.Database.Admin, TextWriter.Null);
        await using var db = NpgsqlDataSource.Create(factory.Database.Api);
        Assert.Empty(await Migrator.PendingAsync(db, CancellationToken.None));
    }

    [Fact]
    public async Task Api_role_can_read_regions_but_not_write_them()
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        await connection.OpenAsync();
        Assert.Equal(83762, await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM region WHERE level = 4"));
        var denied = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("UPDATE region SET name = 'x' WHERE code = '18'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }
}
