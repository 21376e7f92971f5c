using Dapper;
using Npgsql;

namespace Regsosek.Data.Statistics;

/// <summary>A published release as the API may show it: no disclosure parameters, no checksum.</summary>
public sealed record ReleaseInfo(
    int Id, string Name, string ReferencePeriod, string Description, DateTime PublishedAt, bool IsCurrent,
    string RegionPackage, string RegionVersion,
    double FamiliesCellsChangedShare, double FamiliesMeanAbsChange, double PersonsCellsChangedShare, double PersonsMeanAbsChange);

/// <summary>Reads published releases; imported but unpublished ones do not exist for the API.</summary>
public sealed class ReleaseStore(NpgsqlDataSource db)
{
    /// <summary>The alias of the current release.</summary>
    public const string Latest = "latest";

    private const string Columns = """
        id, name, reference_period, description, published_at, is_current, region_package, region_version,
        families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change
        """;

    private const string ListSql = $"""
        SELECT {Columns} FROM stats.release WHERE status = 'published' ORDER BY published_at DESC, id DESC
        """;

    public async Task<IReadOnlyList<ReleaseInfo>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ReleaseInfo>(new CommandDefinition(ListSql, cancellationToken: ct))).AsList();
    }

    private const string FindSql = $"""
        SELECT {Columns} FROM stats.release
         WHERE status = 'published' AND (name = @name OR (@name = '{Latest}' AND is_current))
        """;

    /// <summary>A published release by name, or the current one for <see cref="Latest"/>; null when there is none.</summary>
    public async Task<ReleaseInfo?> FindAsync(string nameOrLatest, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReleaseInfo>(new CommandDefinition(FindSql, new { name = nameOrLatest }, cancellationToken: ct));
    }
}
