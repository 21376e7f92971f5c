using Npgsql;
using Regsosek.Pipeline.Database;
using Regsosek.Pipeline.Regions;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// Databases of a test's own on the shared cluster, for tests that must see exactly their own state (checksums before
/// and after) or must damage it (tampering): other tests share the main test database and change it meanwhile.
/// Each is a copy of a migrated, region-loaded seed, so a copy costs a file copy, not another region load.
/// </summary>
public static class DatabaseCopies
{
    private static readonly Lazy<Task<string>> Seed = new(CreateSeedAsync);

    /// <summary>A fresh copy named after the test database plus <paramref name="suffix"/>; an older one of that name is dropped.</summary>
    public static async Task<TestConnectionStrings> CreateAsync(string suffix)
    {
        var seed = await Seed.Value;
        var name = $"{TestDatabase.Name}_{suffix}";
        await using var server = await TestDatabase.OpenServerAsync();
        await TestDatabase.DropAsync(server, name);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {seed}", server) { CommandTimeout = 120 };
        await create.ExecuteNonQueryAsync();
        return Strings(name);
    }

    public static async Task DropAsync(TestConnectionStrings copy)
    {
        await using var server = await TestDatabase.OpenServerAsync();
        await TestDatabase.DropAsync(server, new NpgsqlConnectionStringBuilder(copy.Admin).Database!);
    }

    // Unpooled: an idle pooled connection to the seed would make every CREATE DATABASE ... TEMPLATE fail.
    private static TestConnectionStrings Strings(string database, bool pooling = true) => new(
        new NpgsqlConnectionStringBuilder(TestDatabase.AdminServerConnectionString) { Database = database, Pooling = pooling }.ConnectionString,
        new NpgsqlConnectionStringBuilder(TestDatabase.ApiServerConnectionString) { Database = database, Pooling = pooling }.ConnectionString);

    private static async Task<string> CreateSeedAsync()
    {
        var name = TestDatabase.Name + "_seed";
        await TestDatabase.RecreateAsync(name);
        var seed = Strings(name, pooling: false);
        MigrationRunner.Migrate(seed.Admin, TextWriter.Null);
        await MigrationRunner.GrantReaderAsync(seed.Admin, seed.Api, CancellationToken.None);
        var package = await IdnAreaPackage.FetchAsync(LocalPaths.CacheDirectory(), TextWriter.Null, CancellationToken.None);
        await using (var db = NpgsqlDataSource.Create(seed.Admin))
        {
            await RegionLoader.LoadAsync(db, package, TextWriter.Null, CancellationToken.None);
        }
        return name;
    }
}

/// <summary>
/// A test class whose every test runs in a database of its own (<see cref="DatabaseCopies"/>), copied before the test
/// and dropped after it, with the pools that reached it cleared first (a pooled connection would block the drop).
/// </summary>
public abstract class DatabaseCopyTests(string suffix) : IAsyncLifetime
{
    protected TestConnectionStrings Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await DatabaseCopies.CreateAsync(suffix);
        await SetUpAsync();
    }

    public async Task DisposeAsync()
    {
        await TearDownAsync();
        NpgsqlConnection.ClearAllPools();
        await DatabaseCopies.DropAsync(Db);
    }

    /// <summary>What the tests need in their database, once it is there.</summary>
    protected virtual Task SetUpAsync() => Task.CompletedTask;

    /// <summary>What the test class holds open besides the database, closed before the database is dropped.</summary>
    protected virtual Task TearDownAsync() => Task.CompletedTask;
}
