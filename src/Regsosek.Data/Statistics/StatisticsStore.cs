using System.Data;
using Dapper;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Data.Statistics;

/// <summary>One page of a level: whether its parent exists in the release, the total of every page, and this page's rows.</summary>
public sealed record LevelPage(bool ParentFound, int Total, IReadOnlyList<RegionStatistics> Rows);

/// <summary>
/// Reads published statistics. Every order is by region code, never by a value, so not even the order of rows
/// says anything about the counts behind them.
/// </summary>
public sealed class StatisticsStore(NpgsqlDataSource db)
{
    /// <summary>Code of the national row.</summary>
    public const string National = "ID";

    private const string Columns = """
        s.region_code, COALESCE(r.name, 'Indonesia') AS name, s.level, s.parent_code, s.coverage,
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
        await using var connection = await db.OpenForReadAsync(ct);
        var rows = (await connection.QueryAsync<RegionStatistics>(new CommandDefinition(ByCodesSql,
            ByCodesParameters(releaseId, codes), cancellationToken: ct))).ToDictionary(r => r.RegionCode);
        return codes.Where(rows.ContainsKey).Select(c => rows[c]).ToList();
    }

    /// <summary>The parameters <see cref="ByCodesSql"/> runs with; its plan test explains the query with the same.</summary>
    internal static object ByCodesParameters(int releaseId, IReadOnlyList<string> codes) => new { releaseId, codes = codes.ToArray() };

    // One statement for a whole page (issue 15): whether the parent is in the release, the total of every page, and
    // the page's rows, so a call that must read the database costs one round trip, not three. The one-row head is
    // joined to the page so an empty page (unknown parent, a cursor past the end) still answers found and total.
    // The prefix test is a range on the code, so the (release_id, level, region_code) index serves it and the keyset.
    internal const string LevelPageSql = $"""
        WITH head AS (
            SELECT @parent::text IS NULL
                   OR EXISTS (SELECT FROM stats.region_stat p WHERE p.release_id = @releaseId AND p.region_code = @parent) AS parent_found,
                   (SELECT count(*)::int
                      FROM stats.region_stat s
                     WHERE s.release_id = @releaseId AND s.level = @level
                       AND (@within::text IS NULL OR (s.region_code > @within AND s.region_code < @withinEnd))) AS total
        ), page AS (
            SELECT {Columns}
              FROM stats.region_stat s LEFT JOIN region r ON r.code = s.region_code
             WHERE s.release_id = @releaseId AND s.level = @level
               AND (@within::text IS NULL OR (s.region_code > @within AND s.region_code < @withinEnd))
               AND (@after::text IS NULL OR s.region_code > @after)
             ORDER BY s.region_code
             LIMIT @limit
        )
        SELECT head.parent_found, head.total, page.*
          FROM head LEFT JOIN page ON head.parent_found
         ORDER BY page.region_code
        """;

    /// <summary>
    /// Regions of one level (1..4), optionally only those below <paramref name="within"/>, in code order after
    /// <paramref name="after"/> (exclusive), with how many the level holds below <paramref name="within"/> on every
    /// page together and whether <paramref name="within"/> is a region of the release at all.
    /// </summary>
    public async Task<LevelPage> LevelPageAsync(int releaseId, int level, string? within, string? after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        PageHead? head = null;
        var rows = new List<RegionStatistics>();
        await connection.QueryAsync<PageHead, RegionStatistics?, bool>(new CommandDefinition(LevelPageSql,
            LevelPageParameters(releaseId, level, within, after, limit), cancellationToken: ct), (h, row) =>
        {
            head ??= h;
            // Dapper gives no row where the page's columns are null: the head alone, for an empty page.
            if (row is not null) rows.Add(row);
            return true;
        }, splitOn: "region_code");
        return new LevelPage(head!.ParentFound, head.Total, rows);
    }

    /// <summary>The parameters <see cref="LevelPageSql"/> runs with; its plan test explains the query with the same.</summary>
    internal static object LevelPageParameters(int releaseId, int level, string? within, string? after, int limit) => new
    {
        releaseId,
        level = (short)level,
        parent = within,
        // '.' < '/' in every collation's ordering of these ASCII codes: (p., p/) holds exactly p's descendants.
        within = within is null ? null : within + ".",
        withinEnd = within is null ? null : within + "/",
        after,
        limit,
    };

    private sealed class PageHead
    {
        public bool ParentFound { get; init; }
        public int Total { get; init; }
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
        await using var connection = await db.OpenForReadAsync(ct);
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
