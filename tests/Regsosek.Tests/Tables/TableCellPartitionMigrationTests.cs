using Dapper;
using DbUp;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Pipeline.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Tables;

/// <summary>
/// Migration 0012 turns stats.table_cell into a table partitioned by release: a database with cells already published
/// keeps every one of them, each release's in a partition of its own, still readable by the API's role.
/// </summary>
public sealed class TableCellPartitionMigrationTests
{
    private const string FirstPartitioned = Migrator.ResourcePrefix + "0012";

    private static readonly (string Name, string Region, short Variables, short Tier, int Families, int Persons)[] Cells =
    [
        ("r-one", "18", 0, 0, 120, 480),
        ("r-one", "18", 32, 1, 14, 61),
        ("r-two", "18.71", 32, 4, 9, 33),
    ];

    [Fact]
    public async Task Cells_published_before_the_migration_are_kept_each_in_its_release_partition()
    {
        var database = TestDatabase.Name + "_partitions";
        var strings = await TestDatabase.RecreateAsync(database);
        try
        {
            var upToPartitions = DeployChanges.To.PostgresqlDatabase(strings.Admin)
                .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly,
                    name => name.StartsWith(Migrator.ResourcePrefix, StringComparison.Ordinal) && string.CompareOrdinal(name, FirstPartitioned) < 0)
                .JournalToPostgresqlTable(Migrator.JournalSchema, Migrator.JournalTable)
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            Assert.True(upToPartitions.Successful, upToPartitions.Error?.Message);

            await using var admin = new NpgsqlConnection(strings.Admin);
            await admin.OpenAsync();
            foreach (var name in Cells.Select(c => c.Name).Distinct())
            {
                await admin.ExecuteAsync("""
                    INSERT INTO stats.release (name, reference_period, status, published_at, region_package, region_version)
                    VALUES (@name, '2022', 'published', now(), 'test', 'test')
                    """, new { name });
            }
            foreach (var cell in Cells)
            {
                await admin.ExecuteAsync("""
                    INSERT INTO stats.table_cell (release_id, region_code, variables, tier, families, persons)
                    SELECT id, @Region, @Variables, @Tier, @Families, @Persons FROM stats.release WHERE name = @Name
                    """, new { cell.Name, cell.Region, cell.Variables, cell.Tier, cell.Families, cell.Persons });
            }

            MigrationRunner.Migrate(strings.Admin, TextWriter.Null);

            var kept = (await admin.QueryAsync<(string, string, short, short, int, int)>("""
                SELECT r.name, c.region_code, c.variables, c.tier, c.families, c.persons
                  FROM stats.table_cell c JOIN stats.release r ON r.id = c.release_id
                 ORDER BY r.name, c.region_code, c.variables, c.tier
                """)).ToArray();
            Assert.Equal(Cells, kept);
            var partitions = (await admin.QueryAsync<string>("""
                SELECT format('%s in %s', r.name, c.tableoid::regclass) FROM stats.table_cell c JOIN stats.release r ON r.id = c.release_id
                 GROUP BY 1 ORDER BY 1
                """)).ToArray();
            var ids = (await admin.QueryAsync<(string, int)>("SELECT name, id FROM stats.release ORDER BY name")).ToArray();
            Assert.Equal(ids.Select(r => $"{r.Item1} in stats.table_cell_r{r.Item2}"), partitions);
            Assert.True(await admin.ExecuteScalarAsync<bool>("SELECT has_table_privilege('regsosek_reader', 'stats.table_cell', 'SELECT')"),
                "the API's reader role can no longer read the published cells");
            Assert.Null(await admin.ExecuteScalarAsync<string?>("SELECT to_regclass('stats.table_cell_unpartitioned')::text"));
        }
        finally
        {
            await using var server = await TestDatabase.OpenServerAsync();
            await TestDatabase.DropAsync(server, database);
        }
    }
}
