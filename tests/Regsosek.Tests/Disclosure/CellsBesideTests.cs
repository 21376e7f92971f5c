using Dapper;
using Npgsql;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

/// <summary>The villages' cells counted on a second connection beside the publish's own (CellsBeside).</summary>
[Collection(ApiCollection.Name)]
public sealed class CellsBesideTests
{
    [Fact]
    public async Task A_pass_that_sends_nothing_for_longer_than_the_data_source_s_command_timeout_is_still_taken_whole()
    {
        // At national scale the villages' pass is silent for minutes before its first row; the CLI's data source has
        // Npgsql's default 30 s command timeout. Here a one-second timeout and a two-second pass stand for them.
        var admin = new NpgsqlConnectionStringBuilder((await TestDatabase.GetAsync()).Admin) { CommandTimeout = 1 };
        await using var db = NpgsqlDataSource.Create(admin.ConnectionString);
        await using var target = await db.OpenConnectionAsync();
        await target.ExecuteAsync("CREATE TEMP TABLE taken (n integer, label text)");

        await using (var beside = CellsBeside.Start(db, "SET LOCAL jit = off", releaseId: 0,
                         "SELECT n, 'row ' || n FROM generate_series(1, 1000) n, pg_sleep(2)", CancellationToken.None))
        {
            await beside.CopyIntoAsync(target, "taken", CancellationToken.None);
        }

        Assert.Equal((1000L, 500500L), await target.QuerySingleAsync<(long, long)>("SELECT count(*), sum(n) FROM taken"));
    }

    [Fact]
    public async Task A_publish_that_fails_before_taking_its_second_connections_cells_leaves_that_connection_in_no_transaction_and_changes_nothing()
    {
        await using var db = NpgsqlDataSource.Create((await TestDatabase.GetAsync()).Admin);
        var (name, releaseId) = await LegacyReleaseTests.PublishSmallReleaseAsync(db, "failed-");
        await using var connection = await db.OpenConnectionAsync();
        const string checksumSql = "SELECT checksum || ' ' || table_checksum FROM stats.release WHERE id = @releaseId";
        var before = await connection.ExecuteScalarAsync<string>(checksumSql, new { releaseId });
        var log = new FailingOnLine("publish: aggregating: village cells: taken");

        await Assert.ThrowsAsync<IOException>(() =>
            ReleasePublisher.PublishAsync(db, name, PublishedReleaseFixture.Settings, log, CancellationToken.None, makeCurrent: false));

        Assert.True(log.Failed, "the publish never reached the point where it takes the villages' cells");
        // Left alone, the second connection would go on counting, then sit in its transaction, holding its locks on the
        // release's families, until the process ended.
        const string sideSql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name";
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(sideSql, new { name = CellsBeside.ApplicationName(releaseId) }));
        Assert.Equal(before, await connection.ExecuteScalarAsync<string>(checksumSql, new { releaseId }));
    }

    /// <summary>A publish log that fails (as a full disk would) when told a line starting with <paramref name="prefix"/>.</summary>
    private sealed class FailingOnLine(string prefix) : StringWriter
    {
        public bool Failed { get; private set; }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                Failed = true;
                throw new IOException("the log could not be written");
            }
        }
    }
}
