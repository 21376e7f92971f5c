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
    public async Task Api_role_is_denied_microdata_and_disclosure_secrets(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteScalarAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM stats.release")]
    [InlineData("SELECT count(*) FROM stats.region_stat")]
    [InlineData("SELECT count(*) FROM region")]
    public async Task Api_role_reads_published_tables(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        Assert.True(await connection.ExecuteScalarAsync<long>(sql) >= 0);
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
    public async Task Api_role_cannot_write(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task Api_role_is_not_a_member_of_any_role_that_reads_microdata()
    {
        await using var connection = new NpgsqlConnection(factory.Database.Api);
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT has_schema_privilege(current_user, 'microdata', 'USAGE')"));
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT has_schema_privilege(current_user, 'sdc', 'USAGE')"));
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
    }
}
