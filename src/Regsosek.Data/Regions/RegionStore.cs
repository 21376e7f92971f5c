using Dapper;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Data.Regions;

public sealed record RegionSummary(string Code, string Name, short Level, string Kind, string? ParentCode);

public sealed record RegionSourceInfo(string Package, string Version, string Integrity, string Licence, DateTime LoadedAt,
    int Provinces, int Regencies, int Districts, int Villages);

/// <summary>Filters for browsing; <see cref="After"/> is the keyset position (exclusive).</summary>
public sealed record RegionFilter(RegionLevel? Level, RegionCode? Ancestor, string? FoldedQuery, string? After, int Limit);

public sealed class RegionStore(NpgsqlDataSource db)
{
    private const string ListSql = """
        SELECT code, name, level, kind, parent_code
          FROM region
         WHERE (@level::smallint IS NULL OR level = @level)
           AND (@ancestorPrefix::text IS NULL OR code LIKE @ancestorPrefix)
           AND (@pattern::text IS NULL OR search_name LIKE @pattern)
           AND (@after::text IS NULL OR code > @after)
         ORDER BY code
         LIMIT @limit
        """;

    // The filter of ListSql without the keyset and the limit: the regions of every page together.
    private const string CountSql = """
        SELECT count(*)::int
          FROM region
         WHERE (@level::smallint IS NULL OR level = @level)
           AND (@ancestorPrefix::text IS NULL OR code LIKE @ancestorPrefix)
           AND (@pattern::text IS NULL OR search_name LIKE @pattern)
        """;

    /// <summary>One page of the regions a filter selects, and how many it selects over all pages, in one round trip.</summary>
    public async Task<(IReadOnlyList<RegionSummary> Rows, int Total)> ListAsync(RegionFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ListSql + ";\n" + CountSql, new
        {
            level = (short?)filter.Level,
            ancestorPrefix = filter.Ancestor is { } a ? a.Value + ".%" : null,
            pattern = filter.FoldedQuery is { } q ? "%" + EscapeLike(q) + "%" : null,
            after = filter.After,
            limit = filter.Limit,
        }, cancellationToken: ct));
        var rows = (await results.ReadAsync<RegionSummary>()).AsList();
        return (rows, await results.ReadSingleAsync<int>());
    }

    private const string ChildrenSql = """
        SELECT code, name, level, kind, parent_code
          FROM region
         WHERE parent_code = @parent AND (@after::text IS NULL OR code > @after)
         ORDER BY code
         LIMIT @limit
        """;

    private const string ChildCountSql = "SELECT count(*)::int FROM region WHERE parent_code = @parent";

    /// <summary>One page of a region's children, and how many children it has, in one round trip.</summary>
    public async Task<(IReadOnlyList<RegionSummary> Rows, int Total)> ChildrenAsync(RegionCode parent, string? after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ChildrenSql + ";\n" + ChildCountSql,
            new { parent = parent.Value, after, limit }, cancellationToken: ct));
        var rows = (await results.ReadAsync<RegionSummary>()).AsList();
        return (rows, await results.ReadSingleAsync<int>());
    }

    // The region itself and its ancestors in one round trip, root first; the child count rides along.
    private const string WithAncestorsSql = """
        SELECT r.code, r.name, r.level, r.kind, r.parent_code,
               (SELECT count(*) FROM region c WHERE c.parent_code = r.code)::int AS child_count
          FROM region r
         WHERE r.code = ANY(@codes)
         ORDER BY r.level
        """;

    public async Task<(RegionSummary Region, IReadOnlyList<RegionSummary> Ancestors, int ChildCount)?> GetWithAncestorsAsync(RegionCode code, CancellationToken ct)
    {
        var codes = code.Ancestors.Select(a => a.Value).Append(code.Value).ToArray();
        await using var connection = await db.OpenForReadAsync(ct);
        var rows = (await connection.QueryAsync<RegionWithCount>(new CommandDefinition(WithAncestorsSql, new { codes }, cancellationToken: ct))).AsList();
        var self = rows.FirstOrDefault(r => r.Code == code.Value);
        if (self is null)
        {
            return null;
        }
        var ancestors = rows.Where(r => r.Code != code.Value).Select(r => r.ToSummary()).ToList();
        return (self.ToSummary(), ancestors, self.ChildCount);
    }

    private const string ExistsSql = "SELECT EXISTS (SELECT FROM region WHERE code = @code)";

    public async Task<bool> ExistsAsync(RegionCode code, CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { code = code.Value }, cancellationToken: ct));
    }

    private const string SourceSql = """
        SELECT package, version, integrity, licence, loaded_at, provinces, regencies, districts, villages FROM region_source
        """;

    public async Task<RegionSourceInfo?> SourceAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RegionSourceInfo>(new CommandDefinition(SourceSql, cancellationToken: ct));
    }

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private sealed record RegionWithCount(string Code, string Name, short Level, string Kind, string? ParentCode, int ChildCount)
    {
        public RegionSummary ToSummary() => new(Code, Name, Level, Kind, ParentCode);
    }
}
