using Dapper;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Data.Statistics;

/// <summary>A published release as the API may show it: no disclosure parameters, no checksum.</summary>
/// <param name="Coverage">The region codes whose microdata it holds, separated by commas (filled at publish; Dapper maps no text[] to a record's constructor); null for a release published before coverage existed, which covers every region it published.</param>
public sealed record ReleaseInfo(
    int Id, string Name, string ReferencePeriod, string Description, DateTime PublishedAt, bool IsCurrent,
    string RegionPackage, string RegionVersion,
    double FamiliesCellsChangedShare, double FamiliesMeanAbsChange, double PersonsCellsChangedShare, double PersonsMeanAbsChange,
    bool Coherent, double? FamiliesMeanChange, double? PersonsMeanChange, string? TableLimits = null, string? Coverage = null);

/// <summary>
/// Reads published releases; imported but unpublished ones do not exist for the API. Every API call resolves a
/// release, so the few published ones are kept in memory and read again once the copy is <c>maxAge</c> old: a
/// newly current release shows on <see cref="Latest"/> within <c>maxAge</c>. A name the copy lacks is read again at
/// once, so a release is found by name as soon as it is published.
/// Stale-if-error: when that read fails because the database is away (<see cref="DatabaseFaults"/>), the last list read
/// is answered instead until it is <c>staleIfError</c> old, and the database is asked again only <c>maxAge</c> later;
/// published releases do not change, so the list is wrong only about a release published or made current meanwhile.
/// A name the list lacks is never answered from it during an outage (a 503, not a 404): the release may be new.
/// </summary>
public sealed class ReleaseStore(NpgsqlDataSource db, TimeProvider clock, TimeSpan maxAge, TimeSpan staleIfError = default)
{
    /// <summary>The alias of the current release.</summary>
    public const string Latest = "latest";

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Ten minutes: long enough to ride out a restart or a standby's fail-over, short enough that a release made current
    /// during a longer outage is not hidden for long behind the old list (the stale answers then turn into 503s).
    /// </summary>
    public static readonly TimeSpan DefaultStaleIfError = TimeSpan.FromMinutes(10);

    public ReleaseStore(NpgsqlDataSource db) : this(db, TimeProvider.System, DefaultMaxAge, DefaultStaleIfError)
    {
    }

    private const string Columns = """
        id, name, reference_period, description, published_at, is_current, region_package, region_version,
        families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change,
        coherent, families_mean_change, persons_mean_change, table_limits::text AS table_limits, array_to_string(coverage, ',') AS coverage
        """;

    /// <summary>The API's role may read no other view of releases: unpublished ones are not in it (migration 0009).</summary>
    private const string ListSql = $"""
        SELECT {Columns} FROM stats.published_release ORDER BY published_at DESC, id DESC
        """;

    /// <summary>The list as read at <c>ReadAt</c>; <c>CheckedAt</c> is the last attempt to read it again (later after a failure).</summary>
    private sealed record Snapshot(IReadOnlyList<ReleaseInfo> Releases, long ReadAt, long CheckedAt);

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
            try
            {
                var releases = await ReadAsync(ct);
                var now = clock.GetTimestamp();
                _snapshot = snapshot = new Snapshot(releases, now, now);
                return snapshot;
            }
            catch (Exception e) when (missed is null && snapshot is not null && clock.GetElapsedTime(snapshot.ReadAt) < staleIfError
                                      && DatabaseFaults.Classify(e) != DatabaseFault.None)
            {
                // Callers waiting meanwhile get the old list at once instead of each failing the same read in turn.
                _snapshot = snapshot = snapshot with { CheckedAt = clock.GetTimestamp() };
                return snapshot;
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task<List<ReleaseInfo>> ReadAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        return (await connection.QueryAsync<ReleaseInfo>(new CommandDefinition(ListSql, cancellationToken: ct))).AsList();
    }

    private bool IsUsable(Snapshot? snapshot, Snapshot? missed) =>
        snapshot is not null && !ReferenceEquals(snapshot, missed) && clock.GetElapsedTime(snapshot.CheckedAt) < maxAge;
}
