using System.Data;
using Dapper;
using Npgsql;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Security;

/// <summary>Anonymity rests on this: the role the API connects with cannot reach microdata or the disclosure secrets.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiRoleTests(ApiFactory factory)
{
    [Theory]
    [InlineData("SELECT count(*) FROM microdata.family")]
    [InlineData("SELECT rkey FROM microdata.family LIMIT 1")]
    [InlineData("SELECT count(*) FROM sdc.ptable")]
    [InlineData("SELECT count(*) FROM sdc.zero_threshold")]
    [InlineData("SELECT parameters FROM sdc.release_parameters")]
    public Task Api_role_is_denied_microdata_and_disclosure_secrets(string sql) => AssertDeniedAsync(sql);

    [Theory]
    [InlineData("SELECT count(*) FROM stats.release")]
    [InlineData("SELECT name FROM stats.release WHERE status = 'imported'")]
    [InlineData("SELECT last_value FROM stats.release_id_seq")]
    [InlineData("CREATE TEMP TABLE scratch (x int)")]
    [InlineData("CREATE FUNCTION pg_temp.scratch() RETURNS int LANGUAGE sql AS 'SELECT 1'")]
    public Task Api_role_is_denied_unpublished_releases_and_temporary_objects(string sql) => AssertDeniedAsync(sql);

    [Theory]
    [InlineData("postgres")]
    [InlineData("template1")]
    public async Task Api_role_cannot_connect_to_the_clusters_other_databases(string database)
    {
        var elsewhere = new NpgsqlConnectionStringBuilder(factory.Database.Api) { Database = database, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(elsewhere);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM stats.published_release")]
    [InlineData("SELECT count(*) FROM stats.region_stat")]
    [InlineData("SELECT count(*) FROM region")]
    [InlineData("SELECT count(*) FROM region_source")]
    [InlineData("SELECT count(*) FROM public.schema_versions")]
    public async Task Api_role_reads_published_tables(string sql)
    {
        // Both roles count in one snapshot (the admin's, exported), so tests publishing meanwhile cannot make them differ.
        await using var admin = new NpgsqlConnection(factory.Database.Admin);
        await admin.OpenAsync();
        await using var adminTransaction = await admin.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var snapshot = await admin.ExecuteScalarAsync<string>("SELECT pg_export_snapshot()", transaction: adminTransaction);
        await using var api = new NpgsqlConnection(factory.Database.Api);
        await api.OpenAsync();
        await using var apiTransaction = await api.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await api.ExecuteAsync($"SET TRANSACTION SNAPSHOT '{snapshot}'", transaction: apiTransaction);

        var published = await api.ExecuteScalarAsync<long>(sql, transaction: apiTransaction);

        Assert.True(published > 0, $"{sql}: the API role sees no rows");
        Assert.Equal(await admin.ExecuteScalarAsync<long>(sql, transaction: adminTransaction), published);
    }

    [Theory]
    [InlineData("INSERT INTO stats.release (name, reference_period, status, region_package, region_version) VALUES ('x', 'x', 'imported', 'x', 'x')")]
    [InlineData("DELETE FROM stats.region_stat")]
    [InlineData("CREATE TABLE public.scratch (x int)")]
    [InlineData("CREATE TABLE stats.scratch (x int)")]
    [InlineData("UPDATE stats.region_stat SET families_total = families_total + 1")]
    [InlineData("UPDATE stats.release SET is_current = NOT is_current")]
    [InlineData("TRUNCATE stats.region_stat")]
    [InlineData("DELETE FROM region")]
    [InlineData("UPDATE region SET name = name")]
    [InlineData("ALTER TABLE stats.region_stat ADD COLUMN scratch int")]
    [InlineData("DROP TABLE stats.region_stat")]
    [InlineData("CREATE SCHEMA scratch")]
    [InlineData("CREATE FUNCTION public.scratch() RETURNS int LANGUAGE sql AS 'SELECT 1'")]
    [InlineData("SELECT nextval('stats.release_id_seq')")]
    [InlineData("SET ROLE regsosek")]
    [InlineData("BEGIN; LOCK TABLE stats.region_stat IN ACCESS EXCLUSIVE MODE; COMMIT")]
    public Task Api_role_cannot_write(string sql) => AssertDeniedAsync(sql);

    /// <summary>
    /// PostgreSQL lets every role change its own password, and no privilege can take that away: whoever holds the API's
    /// connection can lock the API out. What a deployment does about it is in the README ("Pointing it at an existing
    /// PostgreSQL"). Shown on a login role of its own, made like the API's, so the real one is never touched.
    /// </summary>
    [Fact]
    public async Task A_role_like_the_apis_can_change_its_own_password_which_postgres_always_allows()
    {
        var role = $"regsosek_api_password_{Guid.NewGuid():N}"[..40];
        await using var admin = new NpgsqlConnection(factory.Database.Admin);
        await admin.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'before'; GRANT regsosek_reader TO {role}");
        try
        {
            var asRole = new NpgsqlConnectionStringBuilder(factory.Database.Api) { Username = role, Password = "before", Pooling = false };
            await using (var connection = new NpgsqlConnection(asRole.ConnectionString))
            {
                await connection.ExecuteAsync("ALTER ROLE CURRENT_USER PASSWORD 'after'");
            }
            asRole.Password = "after";
            await using var again = new NpgsqlConnection(asRole.ConnectionString);
            Assert.Equal(1, await again.ExecuteScalarAsync<int>("SELECT 1"));
        }
        finally
        {
            await admin.ExecuteAsync($"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task Api_role_is_not_a_member_of_any_role_that_reads_microdata()
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT has_schema_privilege(current_user, 'microdata', 'USAGE')"));
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT has_schema_privilege(current_user, 'sdc', 'USAGE')"));
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
    }

    private async Task AssertDeniedAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }
}
