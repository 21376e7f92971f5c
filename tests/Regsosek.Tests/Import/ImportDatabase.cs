using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Regions;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Import;

/// <summary>
/// The shared test database for import tests, with a few real village codes. Tests share it, so each
/// uses its own release name and checks "nothing left behind" by invariants, not by global counts.
/// </summary>
public sealed class ImportDatabase : IAsyncLifetime
{
    public TestConnectionStrings Strings { get; private set; } = null!;

    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>Twenty existing village codes, in code order.</summary>
    public IReadOnlyList<string> Villages { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Strings = await TestDatabase.GetAsync();
        Db = NpgsqlDataSource.Create(Strings.Admin);
        Villages = (await VillageCodes.ListAsync(Db, RegionCode.Parse("18.71"), CancellationToken.None)).Take(20).ToList();
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    public static string NewRelease(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>The release does not exist, and no table in microdata belongs to a release that does not exist.</summary>
    public async Task AssertNothingImportedAsync(string release)
    {
        await using var connection = await Db.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM stats.release WHERE name = @release", new { release }));
        var orphans = await connection.QueryAsync<string>("""
            SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = 'microdata'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('family', 'record_key')
               AND NOT EXISTS (SELECT FROM stats.release r WHERE c.relname = 'family_r' || r.id)
            """);
        Assert.Empty(orphans);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM microdata.family f WHERE NOT EXISTS (SELECT FROM stats.release r WHERE r.id = f.release_id)"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM microdata.record_key k WHERE NOT EXISTS (SELECT FROM stats.release r WHERE r.id = k.first_release_id)"));
    }

    public async Task<long> FamiliesAsync(int releaseId)
    {
        await using var connection = await Db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM microdata.family WHERE release_id = @releaseId", new { releaseId });
    }
}

[CollectionDefinition(Name)]
public sealed class ImportCollection : ICollectionFixture<ImportDatabase>
{
    public const string Name = "import";
}
