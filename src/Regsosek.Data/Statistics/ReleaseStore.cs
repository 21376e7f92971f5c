using Dapper;
using Npgsql;

namespace Regsosek.Data.Statistics;

/// <summary>A published release as the API may show it: no disclosure parameters, no checksum.</summary>
public sealed record ReleaseInfo(
    int Id, string Name, string ReferencePeriod, string Description, DateTime PublishedAt, bool IsCurrent,
    string RegionPackage, string RegionVersion,
    double FamiliesCellsChangedShare, double FamiliesMeanAbsChange, double PersonsCellsChangedShare, double PersonsMeanAbsChange,
    bool Coherent, double? FamiliesMeanChange, double? PersonsMeanChange, string? TableLimits = null);

/// <summary>
/// Reads published releases; imported but unpublished ones do not exist for the API. Every API call resolves a
/// release, so the few published ones are kept in memory and read again once the copy is <c>maxAge</c> old: a
/// newly current release shows on <see cref="Latest"/> within <c>maxAge</c>. A name the copy lacks is read again at
/// once, so a release is found by name as soon as it is published.
/// </summary>
public sealed class ReleaseStore(NpgsqlDataSource db, TimeProvider clock, TimeSpan maxAge)
{
    /// <summary>The alias of the current release.</summary>
    public const string Latest = "latest";

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(5);

    public ReleaseStore(NpgsqlDataSource db) : this(db, TimeProvider.System, DefaultMaxAge)
    {
    }

    private const string Columns = """
        id, name, reference_period, description, published_at, is_current, region_package, region_version,
        families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change,
        coherent, families_mean_change, persons_mean_change, table_limits::text AS table_limits
        """;

    /// <summary>The API's role may read no other view of releases: unpublished ones are not in it (migration 0009).</summary>
    private const string ListSql = $"""
        SELECT {Columns} FROM stats.published_release ORDER BY published_at DESC, id DESC
        """;

    private sealed record Snapshot(IReadOnlyList<ReleaseInfo> Releases, long ReadAt);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>Published releases, newest first.</summary>
    public async Task<IReadOnlyList<ReleaseInfo>> ListAsync(CancellationToken ct) => (await SnapshotAsync(null, ct)).Releases;

    /// <summary>A published release by name, or the current one for <see cref="Latest"/>; null when there is none.</summary>
    public async Task<ReleaseInfo?> FindAsync(string nameOrLatest, CancellationToken ct)
    {
        var snapshot = await SnapshotAsync(null, ct);
        return Find(snapshot, nameOrLatest) ?? Find(await SnapshotAsync(snapshot, ct), nameOrLatest);
    }

    private static ReleaseInfo? Find(Snapshot snapshot, string nameOrLatest) =>
        nameOrLatest == Latest
            ? snapshot.Releases.FirstOrDefault(r => r.IsCurrent)
            : snapshot.Releases.FirstOrDefault(r => r.Name == nameOrLatest);

    /// <summary>
    /// The copy in memory while it is younger than maxAge and not <paramref name="missed"/> (a copy that lacked what
    /// was asked for); else one read for all callers waiting at that moment.
    /// </summary>
    private async ValueTask<Snapshot> SnapshotAsync(Snapshot? missed, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (IsUsable(snapshot, missed))
        {
            return snapshot!;
        }
        await _reading.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (IsUsable(snapshot, missed))
            {
                return snapshot!;
            }
            await using var connection = await db.OpenConnectionAsync(ct);
            var releases = (await connection.QueryAsync<ReleaseInfo>(new CommandDefinition(ListSql, cancellationToken: ct))).AsList();
            _snapshot = snapshot = new Snapshot(releases, clock.GetTimestamp());
            return snapshot;
        }
        finally
        {
            _reading.Release();
        }
    }

    private bool IsUsable(Snapshot? snapshot, Snapshot? missed) =>
        snapshot is not null && !ReferenceEquals(snapshot, missed) && clock.GetElapsedTime(snapshot.ReadAt) < maxAge;
}
