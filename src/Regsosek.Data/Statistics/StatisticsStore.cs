using System.Data;
using Dapper;
using Npgsql;

namespace Regsosek.Data.Statistics;

/// <summary>
/// Reads published statistics. Every order is by region code, never by a value, so not even the order of rows
/// says anything about the counts behind them.
/// </summary>
public sealed class StatisticsStore(NpgsqlDataSource db)
{
    /// <summary>Code of the national row.</summary>
    public const string National = "ID";

    private const string Columns = """
        s.region_code, COALESCE(r.name, 'Indonesia') AS name, s.level, s.parent_code,
        s.families_total, s.persons_total, s.families_by_tier, s.persons_by_tier, s.families_by_decile, s.persons_by_decile
        """;

    internal const string ByCodesSql = $"""
        SELECT {Columns}
          FROM stats.region_stat s LEFT JOIN region r ON r.code = s.region_code
         WHERE s.release_id = @releaseId AND s.region_code = ANY(@codes)
        """;

    /// <summary>The regions asked for, in the order asked; codes the release does not have are left out.</summary>
    public async Task<IReadOnlyList<RegionStatistics>> ByCodesAsync(int releaseId, IReadOnlyList<string> codes, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RegionStatistics>(new CommandDefinition(ByCodesSql,
            new { releaseId, codes = codes.ToArray() }, cancellationToken: ct))).ToDictionary(r => r.RegionCode);
        return codes.Where(rows.ContainsKey).Select(c => rows[c]).ToList();
    }

    // The prefix test is a range on the code, so the (release_id, level, region_code) index serves it and the keyset.
    internal const string AtLevelSql = $"""
        SELECT {Columns}
          FROM stats.region_stat s LEFT JOIN region r ON r.code = s.region_code
         WHERE s.release_id = @releaseId AND s.level = @level
           AND (@within::text IS NULL OR (s.region_code > @within AND s.region_code < @withinEnd))
           AND (@after::text IS NULL OR s.region_code > @after)
         ORDER BY s.region_code
         LIMIT @limit
        """;

    /// <summary>
    /// Regions of one level (1..4), optionally only those below <paramref name="within"/>, in code order after
    /// <paramref name="after"/> (exclusive).
    /// </summary>
    public async Task<IReadOnlyList<RegionStatistics>> AtLevelAsync(int releaseId, int level, string? within, string? after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<RegionStatistics>(new CommandDefinition(AtLevelSql, new
        {
            releaseId,
            level = (short)level,
            // '.' < '/' in every collation's ordering of these ASCII codes: (p., p/) holds exactly p's descendants.
            within = within is null ? null : within + ".",
            withinEnd = within is null ? null : within + "/",
            after,
            limit,
        }, cancellationToken: ct))).AsList();
    }

    // The same range as AtLevelSql without the keyset: how many rows every page of that walk holds together.
    internal const string CountAtLevelSql = """
        SELECT count(*)::int
          FROM stats.region_stat s
         WHERE s.release_id = @releaseId AND s.level = @level
           AND (@within::text IS NULL OR (s.region_code > @within AND s.region_code < @withinEnd))
        """;

    /// <summary>How many regions of one level (below <paramref name="within"/>, if given) a release has.</summary>
    public async Task<int> CountAtLevelAsync(int releaseId, int level, string? within, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountAtLevelSql, new
        {
            releaseId,
            level = (short)level,
            within = within is null ? null : within + ".",
            withinEnd = within is null ? null : within + "/",
        }, cancellationToken: ct));
    }

    // Public: the publisher writes the bulk files from the same rows, in the same order.
    public const string AllSql = $"""
        SELECT {Columns}
          FROM stats.region_stat s LEFT JOIN region r ON r.code = s.region_code
         WHERE s.release_id = @releaseId
         ORDER BY s.level, s.region_code
        """;

    /// <summary>Every region of a release, Indonesia first then level by level in code order, streamed row by row.</summary>
    public async IAsyncEnumerable<RegionStatistics> StreamAllAsync(int releaseId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // Unbuffered: the national release has ~92,000 rows and the export must stay in constant memory.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(AllSql, new { releaseId },
            commandTimeout: 0, flags: CommandFlags.None, cancellationToken: ct), CommandBehavior.SequentialAccess);
        var parse = reader.GetRowParser<RegionStatistics>();
        while (await reader.ReadAsync(ct))
        {
            yield return parse(reader);
        }
    }
}
