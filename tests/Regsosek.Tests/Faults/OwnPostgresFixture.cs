using Npgsql;
using Regsosek.Pipeline.Database;
using Regsosek.Pipeline.Regions;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Faults;

/// <summary>
/// A throwaway PostgreSQL with the project's roles, migrated and loaded with every region: a database the fault
/// tests may stop, crash and lock up without disturbing any other test.
/// </summary>
public sealed class OwnPostgresFixture : IAsyncLifetime
{
    public ThrowawayPostgres Server { get; private set; } = null!;

    public string Admin { get; private set; } = "";

    public string Api { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await ThrowawayPostgres.StartAsync();
        await using (var super = new NpgsqlConnection(Server.ConnectionString("postgres", "postgres") + ";Pooling=false"))
        {
            await super.OpenAsync();
            // One by one: CREATE DATABASE refuses to run in the implicit transaction of a multi-statement command.
            foreach (var sql in new[]
                     {
                         "CREATE ROLE regsosek LOGIN CREATEDB CREATEROLE PASSWORD 'regsosek'",
                         "CREATE ROLE regsosek_api LOGIN PASSWORD 'regsosek_api'",
                         "CREATE DATABASE regsosek OWNER regsosek",
                     })
            {
                await using var command = new NpgsqlCommand(sql, super);
                await command.ExecuteNonQueryAsync();
            }
        }
        Admin = Server.ConnectionString("regsosek", "regsosek", "regsosek");
        Api = Server.ConnectionString("regsosek", "regsosek_api", "regsosek_api");
        MigrationRunner.Migrate(Admin, TextWriter.Null);
        await MigrationRunner.GrantReaderAsync(Admin, Api, CancellationToken.None);
        var package = await IdnAreaPackage.FetchAsync(LocalPaths.CacheDirectory(), TextWriter.Null, CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(Admin);
        await RegionLoader.LoadAsync(db, package, TextWriter.Null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OwnPostgresCollection : ICollectionFixture<OwnPostgresFixture>
{
    public const string Name = "own-postgres";
}
