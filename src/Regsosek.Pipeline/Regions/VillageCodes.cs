using Dapper;
using Npgsql;
using Regsosek.Data.Regions;

namespace Regsosek.Pipeline.Regions;

/// <summary>The villages of the loaded region table: what imports check codes against and generation spreads families over.</summary>
public static class VillageCodes
{
    private const string ListSql = $"""
        SELECT code FROM region
         WHERE level = {RegionLevelSql.Village} AND (@prefix::text IS NULL OR code LIKE @prefix || '.%')
         ORDER BY code
        """;

    /// <summary>Codes of the villages below <paramref name="within"/> (every village when null), in code order.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(NpgsqlConnection connection, RegionCode? within, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(ListSql, new { prefix = within?.Value }, cancellationToken: ct))).AsList();

    /// <inheritdoc cref="ListAsync(NpgsqlConnection, RegionCode?, CancellationToken)"/>
    public static async Task<IReadOnlyList<string>> ListAsync(NpgsqlDataSource db, RegionCode? within, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ListAsync(connection, within, ct);
    }
}
