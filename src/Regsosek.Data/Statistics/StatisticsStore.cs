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

    // Every read of published rows names them the same way; region's byte-wise code index serves the join
    // (StatisticsQueryPlanTests), so a row costs one index lookup for its name, never a scan of every region.
    private const string SelectRows = $"""
        SELECT {Columns}
          FROM stats.region_stat s LEFT JOIN region r ON r.code = s.region_code
        """;

    // One region, the usual call, has a statement of its own: with `= ANY(@codes)` PostgreSQL cannot tell how many codes
    // a generic plan would look up, so it plans the statement again on every call (0.2 ms of the server's CPU, five times
    // the lookup itself: bench/api.sh, docs/BENCHMARKS.md); with `= @code` it keeps one plan per connection.
    internal const string ByCodeSql = $"""
        {SelectRows}
         WHERE s.release_id = @releaseId AND s.region_code = @code
        """;

    internal const string ByCodesSql = $"""
        {SelectRows}
         WHERE s.release_id = @releaseId AND s.region_code = ANY(@codes)
        """;

    /// <summary>The regions asked for, in the order asked; codes the release does not have are left out.</summary>
    public async Task<IReadOnlyList<RegionStatistics>> ByCodesAsync(int releaseId, IReadOnlyList<string> codes, CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        if (codes.Count == 1)
        {
            var row = await connection.QuerySingleOrDefaultAsync<RegionStatistics>(new CommandDefinition(ByCodeSql,
                ByCodeParameters(releaseId, codes[0]), cancellationToken: ct));
            return row is null ? [] : [row];
        }
        var rows = (await connection.QueryAsync<RegionStatistics>(new CommandDefinition(ByCodesSql,
            ByCodesParameters(releaseId, codes), cancellationToken: ct))).ToDictionary(r => r.RegionCode);
        return codes.Where(rows.ContainsKey).Select(c => rows[c]).ToList();
    }

    /// <summary>The parameters <see cref="ByCodeSql"/> runs with; its plan tests use the same.</summary>
    internal static object ByCodeParameters(int releaseId, string code) => new { releaseId, code };

    /// <summary>The parameters <see cref="ByCodesSql"/> runs with; its plan test explains the query with the same.</summary>
    internal static object ByCodesParameters(int releaseId, IReadOnlyList<string> codes) => new { releaseId, codes = codes.ToArray() };

    // One statement for a whole page (issue 15): whether the parent is in the release, the total of every page, and
    // the page's rows, so a call that must read the database costs one round trip, not three. The one-row head is
    // joined to the page so an empty page (unknown parent, a cursor past the end) still answers found and total.
    // The prefix test is a range on the code, so the (release_id, level, region_code) index serves it and the keyset.
    // The parent's range and the cursor are in the statement only when the call has them, never as `@x IS NULL OR ...`:
    // a plan kept for every call (a generic plan) cannot drop such a condition, so PostgreSQL would plan the statement
    // again on every call (0.3-0.4 ms of its CPU, as long as running it); four statements keep one plan each.
    private static string LevelPageStatement(bool belowParent, bool afterCursor)
    {
        var scope = belowParent ? "AND s.region_code > @within AND s.region_code < @withinEnd" : "";
        var cursor = afterCursor ? "AND s.region_code > @after" : "";
        var parentFound = belowParent
            ? "EXISTS (SELECT FROM stats.region_stat p WHERE p.release_id = @releaseId AND p.region_code = @parent)"
            : "true";
        return $"""
            WITH head AS (
                SELECT {parentFound} AS parent_found,
                       (SELECT count(*)::int
                          FROM stats.region_stat s
                         WHERE s.release_id = @releaseId AND s.level = @level {scope}) AS total
            ), page AS (
                {SelectRows}
                 WHERE s.release_id = @releaseId AND s.level = @level {scope} {cursor}
                 ORDER BY s.region_code
                 LIMIT @limit
            )
            SELECT head.parent_found, head.total, page.*
              FROM head LEFT JOIN page ON head.parent_found
             ORDER BY page.region_code
            """;
    }

    private static readonly string[] LevelPageStatements = [LevelPageStatement(false, false), LevelPageStatement(false, true), LevelPageStatement(true, false), LevelPageStatement(true, true)];

    /// <summary>The statement of a page: below a parent or not, after a cursor or not.</summary>
    internal static string LevelPageSql(string? within, string? after) => LevelPageStatements[(within is null ? 0 : 2) + (after is null ? 0 : 1)];

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
        await connection.QueryAsync<PageHead, RegionStatistics?, bool>(new CommandDefinition(LevelPageSql(within, after),
            LevelPageParameters(releaseId, level, within, after, limit), cancellationToken: ct), (h, row) =>
        {
            head ??= h;
            // Dapper gives no row where the page's columns are null: the head alone, for an empty page.
            if (row is not null) rows.Add(row);
            return true;
        }, splitOn: "region_code");
        return new LevelPage(head!.ParentFound, head.Total, rows);
    }

    /// <summary>The parameters <see cref="LevelPageSql"/>'s statements run with (each uses those it names); the plan tests use the same.</summary>
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
        {SelectRows}
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
