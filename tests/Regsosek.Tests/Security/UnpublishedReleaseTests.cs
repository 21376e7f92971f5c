using Dapper;
using Npgsql;
using Regsosek.Data.Statistics;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Security;

/// <summary>
/// An imported release that was never published does not exist for the API's role: not its name, not its status, not
/// even how many there are; the API's own reads (the release list, the start-up checksum check) see the published ones.
/// On a database of its own, so that the releases in it are exactly these two.
/// </summary>
public sealed class UnpublishedReleaseTests() : DatabaseCopyTests("unpublished")
{
    private const string Published = "visible-release";
    private const string Unpublished = "secret-unpublished-release";

    protected override async Task SetUpAsync()
    {
        await using var admin = new NpgsqlConnection(Db.Admin);
        await admin.ExecuteAsync($"""
            INSERT INTO stats.release (name, reference_period, description, status, region_package, region_version, published_at, is_current,
                                       families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change, checksum)
            VALUES ('{Published}', '2022', 'published', '{ReleaseStatus.Published}', 'p', 'v', now(), true, 0.5, 1, 0.5, 1, 'not its values'),
                   ('{Unpublished}', '2023', 'not yet', '{ReleaseStatus.Imported}', 'p', 'v', NULL, false, NULL, NULL, NULL, NULL, 'not its values');
            ANALYZE stats.release;
            """);
    }

    [Fact]
    public async Task The_api_role_sees_only_published_releases_and_no_statistics_about_the_others()
    {
        await using var api = new NpgsqlConnection(Db.Api);

        var names = (await api.QueryAsync<string>("SELECT name FROM stats.published_release")).ToList();
        // Column statistics (most common values, histograms) of stats.release would list names and statuses.
        var columnStatistics = await api.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE schemaname = 'stats' AND tablename = 'release'");

        Assert.Equal([Published], names);
        Assert.Equal(0, columnStatistics);
        await using var admin = new NpgsqlConnection(Db.Admin);
        Assert.True(await admin.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE schemaname = 'stats' AND tablename = 'release'") > 0,
            "the admin role does see the column statistics, so their absence above is the API role's privileges");
    }

    [Fact]
    public async Task The_apis_own_reads_find_the_published_release_with_the_api_role()
    {
        await using var api = NpgsqlDataSource.Create(Db.Api);

        var releases = await new ReleaseStore(api).ListAsync(CancellationToken.None);
        // Inserted by hand with a checksum that is not its values, so the start-up check names it: it can read it. It does
        // not name the unpublished one with the same checksum: it never sees it.
        var unvouched = await ReleaseChecksum.FindAlteredAsync(api, CancellationToken.None);

        Assert.Equal(Published, Assert.Single(releases).Name);
        Assert.Equal(Published, Assert.Single(unvouched).Name);
    }
}
