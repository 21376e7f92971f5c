using Dapper;
using Npgsql;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

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
}
