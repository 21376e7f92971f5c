using Dapper;
using Npgsql;
using Regsosek.Pipeline.Publishing;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// A release is queryable at full speed the moment it is published: the publisher leaves the planner statistics of
/// the rows it wrote, instead of leaving the first minutes of traffic to plans guessed before autovacuum runs.
/// Needs a database of its own, so that no other test's publish or ANALYZE can stand in for this one's.
/// </summary>
public sealed class PublishedStatisticsPlanTests() : DatabaseCopyTests("planstats")
{
    private async Task<long> StatisticsAsync(string schema, string table, string column)
    {
        await using var connection = new NpgsqlConnection(Db.Admin);
        // The planner's statistics are catalog rows, visible with the commit that wrote them (unlike activity counters).
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stats WHERE schemaname = @schema AND tablename = @table AND attname = @column",
            new { schema, table, column });
    }

    private Task<long> CodeStatisticsAsync() => StatisticsAsync("stats", "region_stat", "region_code");

    // The release's custom-table cells are a partition the same transaction created and filled.
    private Task<long> TableCellStatisticsAsync(int releaseId) => StatisticsAsync("stats", $"table_cell_r{releaseId}", "region_code");

    [Fact]
    public async Task Publishing_analyzes_the_published_rows_and_the_custom_table_cells_it_wrote()
    {
        const string release = "plan-stats";
        await using var admin = NpgsqlDataSource.Create(Db.Admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(admin);
        var releaseId = await PublishedReleaseFixture.ImportAsync(admin, release, FamilyGenerator.Generate(villages, new GeneratorOptions(13, 3_000)));
        Assert.Equal(0, await CodeStatisticsAsync());
        Assert.Equal(0, await TableCellStatisticsAsync(releaseId));

        await ReleasePublisher.PublishAsync(admin, release, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None);

        Assert.Equal(1, await CodeStatisticsAsync());
        Assert.Equal(1, await TableCellStatisticsAsync(releaseId));
        await using var api = new NpgsqlConnection(Db.Api);
        var plan = await api.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + StatisticsStore.ByCodesSql,
            StatisticsStore.ByCodesParameters(releaseId, ["18.71"]));
        Assert.DoesNotContain("\"Seq Scan\"", plan);
    }
}
