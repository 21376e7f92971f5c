using Npgsql;
using Regsosek.Api.Tables;
using Regsosek.Data.Tables;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Tables;

public sealed class PublishedCellCacheTests
{
    // No release has this id: every region has no stored cell, which is an answer too (all published 0).
    private const int Release = -7;

    [Fact]
    public async Task Cells_read_once_are_answered_from_memory_without_the_database()
    {
        var db = NpgsqlDataSource.Create((await TestDatabase.GetAsync()).Api);
        using var cache = new PublishedCellCache(new TableStore(db), 1);
        var first = await cache.CellsAsync(Release, 40, ["18.71", "18.72"], CancellationToken.None);
        await db.DisposeAsync();

        var again = await cache.CellsAsync(Release, 40, ["18.72", "18.71"], CancellationToken.None);

        Assert.Equal(["18.71", "18.72"], again.Keys.Order());
        Assert.All(again.Values, cells => Assert.Empty(cells));
        Assert.Same(first["18.71"], again["18.71"]);
    }

    [Fact]
    public async Task With_no_memory_every_call_asks_the_database()
    {
        var db = NpgsqlDataSource.Create((await TestDatabase.GetAsync()).Api);
        using var cache = new PublishedCellCache(new TableStore(db), 0);
        await cache.CellsAsync(Release, 40, ["18.71"], CancellationToken.None);
        await db.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.CellsAsync(Release, 40, ["18.71"], CancellationToken.None));
    }
}
