using Dapper;
using Regsosek.Data.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

public sealed class ApiDataSourceTests
{
    [Fact]
    public async Task Api_connections_prepare_a_statement_they_run_repeatedly_and_keep_it_across_pool_returns()
    {
        await using var db = ApiDataSource.Create((await TestDatabase.GetAsync()).Api, new ApiDatabaseSettings { MaxPoolSize = 1 });
        const string query = "SELECT count(*) FROM region WHERE level = @level";
        for (var run = 0; run < 3; run++)
        {
            // A fresh open each time: with one pooled connection it is the same server session, returned in between.
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteScalarAsync<long>(query, new { level = (short)1 });
        }

        await using var session = await db.OpenConnectionAsync();
        var prepared = await session.QueryAsync<string>("SELECT statement FROM pg_prepared_statements");
        Assert.Contains(prepared, s => s.Contains("FROM region WHERE level = $1", StringComparison.Ordinal));
    }

    [Fact]
    public void Api_connections_keep_the_configured_pool_size_and_timeout()
    {
        using var db = ApiDataSource.Create("Host=127.0.0.1;Database=x;Username=u;Password=p", new ApiDatabaseSettings { MaxPoolSize = 7, CommandTimeoutSeconds = 9 });
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);

        Assert.Equal(7, settings.MaxPoolSize);
        Assert.Equal(9, settings.CommandTimeout);
        Assert.False(settings.Multiplexing);
    }
}
