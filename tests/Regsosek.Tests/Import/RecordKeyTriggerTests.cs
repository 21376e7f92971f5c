using Dapper;
using Npgsql;
using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

/// <summary>A cell's key must never change under it: the trigger on microdata.family guards every partition.</summary>
[Collection(ImportCollection.Name)]
public sealed class RecordKeyTriggerTests(ImportDatabase database) : IDisposable
{
    private readonly ImportFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("microdata.family", "rkey = rkey + 1")]
    [InlineData("microdata.family", "pkey_sum = pkey_sum - 1")]
    [InlineData("microdata.family_r{id}", "rkey = 0")]
    public async Task Updating_a_record_key_is_refused_as_an_integrity_violation(string table, string set)
    {
        var result = await ImportAsync();
        await using var connection = await database.Db.OpenConnectionAsync();

        var e = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            $"UPDATE {table.Replace("{id}", result.ReleaseId.ToString())} SET {set} WHERE release_id = @id AND family_key = 1", new { id = result.ReleaseId }));

        Assert.Equal(PostgresErrorCodes.IntegrityConstraintViolation, e.SqlState);
        Assert.StartsWith("23", e.SqlState);
        Assert.Contains("record keys are immutable", e.MessageText);
    }

    [Fact]
    public async Task Other_columns_can_still_be_updated_by_the_admin_role_and_keys_stay_put()
    {
        var result = await ImportAsync();
        await using var connection = await database.Db.OpenConnectionAsync();
        const string keys = "SELECT rkey, pkey_sum FROM microdata.family WHERE release_id = @id AND family_key = 1";
        var before = await connection.QuerySingleAsync<(int, int)>(keys, new { id = result.ReleaseId });

        var updated = await connection.ExecuteAsync(
            "UPDATE microdata.family SET decile = 10, disability = NOT disability, rkey = rkey WHERE release_id = @id AND family_key = 1",
            new { id = result.ReleaseId });

        Assert.Equal(1, updated);
        Assert.Equal(before, await connection.QuerySingleAsync<(int, int)>(keys, new { id = result.ReleaseId }));
    }

    private async Task<ImportResult> ImportAsync() => await FamilyImporter.ImportAsync(
        database.Db, _files.Write(ImportFiles.ValidRows(database.Villages, 5)), new ImportOptions(ImportDatabase.NewRelease()));
}
