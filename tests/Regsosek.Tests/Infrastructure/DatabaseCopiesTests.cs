using Npgsql;

namespace Regsosek.Tests.Infrastructure;

public sealed class DatabaseCopiesTests
{
    private static NpgsqlConnection Unpooled(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    private static async Task<bool> ExistsAsync(string database)
    {
        await using var server = await TestDatabase.OpenServerAsync();
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", server);
        exists.Parameters.AddWithValue("name", database);
        return (bool)(await exists.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Dropping_a_copy_waits_for_the_api_roles_sessions_that_are_still_ending()
    {
        var copy = await DatabaseCopies.CreateAsync("dropwait");
        var api = Unpooled(copy.Api);
        await api.OpenAsync();
        // Closed while the drop is already under way, as a disposed pool's connections are.
        var closing = Task.Delay(500).ContinueWith(_ => api.Dispose());

        await DatabaseCopies.DropAsync(copy);
        await closing;

        Assert.False(await ExistsAsync(new NpgsqlConnectionStringBuilder(copy.Admin).Database!));
    }

    [Fact]
    public async Task A_session_left_open_on_a_copy_is_named_as_a_leak_and_the_copy_stays()
    {
        var copy = await DatabaseCopies.CreateAsync("dropleak");
        var name = new NpgsqlConnectionStringBuilder(copy.Admin).Database!;
        await using (var api = Unpooled(copy.Api))
        {
            await api.OpenAsync();
            await using var server = await TestDatabase.OpenServerAsync();

            var leak = await Assert.ThrowsAsync<InvalidOperationException>(() => TestDatabase.DropAsync(server, name, timeoutSeconds: 1));

            Assert.Contains("not disposed", leak.Message);
            Assert.True(await ExistsAsync(name));
        }
        await DatabaseCopies.DropAsync(copy);
    }
}
