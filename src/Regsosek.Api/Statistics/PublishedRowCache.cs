using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// Published statistics kept in memory. A published release never changes (its checksum is verified at start-up,
/// and a rebuild reproduces the same values), so a row read once for a release id is right for the life of the
/// process: nothing to invalidate, and unlike the output cache it is shared by every format, Accept header and
/// parameter order, and never stale after a switch of <c>latest</c> (the key is the resolved release id).
/// Bounded by <c>Statistics:RowCacheMegabytes</c> (estimated, least recently used first out); 0 turns it off.
/// The bulk exports do not come through here: they stream every row once and would only evict the hot ones.
/// </summary>
public sealed class PublishedRowCache : IDisposable
{
    public const string SettingKey = "Statistics:RowCacheMegabytes";
    public const int DefaultMegabytes = 64;
    public const string MeterName = "Regsosek.Api";

    private static readonly Meter Meter = new(MeterName);
    // The metric keeps the name it was published under: dashboards and alerts read it.
    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>("regsosek.published_rows.lookups", "{row}",
        "Published rows asked of the in-memory row cache, by result (hit or miss).");

    private readonly StatisticsStore _store;
    private readonly MemoryCache? _cache;

    public PublishedRowCache(StatisticsStore store, long megabytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(megabytes);
        _store = store;
        _cache = megabytes == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024 * 1024 });
    }

    private readonly record struct RegionKey(int ReleaseId, string Code);

    private readonly record struct PageKey(int ReleaseId, int Level, string? Within, string? After, int Limit);

    /// <summary>A page's own bytes besides its rows: the page object, its list, its total and its cache entry.</summary>
    private const long PageHeadSize = 100;

    /// <summary>As <see cref="StatisticsStore.ByCodesAsync"/>: the regions asked for, in order, unknown codes left out.</summary>
    public async Task<IReadOnlyList<RegionStatistics>> ByCodesAsync(int releaseId, IReadOnlyList<string> codes, CancellationToken ct)
    {
        if (_cache is null)
        {
            return await _store.ByCodesAsync(releaseId, codes, ct);
        }
        var found = new RegionStatistics?[codes.Count];
        List<string>? missing = null;
        for (var i = 0; i < codes.Count; i++)
        {
            if (_cache.TryGetValue(new RegionKey(releaseId, codes[i]), out RegionStatistics? row))
            {
                found[i] = row;
            }
            else
            {
                (missing ??= []).Add(codes[i]);
            }
        }
        Count(codes.Count - (missing?.Count ?? 0), missing?.Count ?? 0);
        if (missing is not null)
        {
            var read = (await _store.ByCodesAsync(releaseId, missing, ct)).ToDictionary(r => r.RegionCode, StringComparer.Ordinal);
            for (var i = 0; i < codes.Count; i++)
            {
                if (found[i] is null && read.TryGetValue(codes[i], out var row))
                {
                    // Only rows that exist are kept: an unknown code stays a database question (and a 404).
                    found[i] = _cache.Set(new RegionKey(releaseId, row.RegionCode), row, Entry(SizeOf(row)));
                }
            }
        }
        return found.OfType<RegionStatistics>().ToList();
    }

    /// <summary>
    /// As <see cref="StatisticsStore.LevelPageAsync"/>: one page of a level with its total and whether its parent exists,
    /// kept together as the one statement reads them. A page below an unknown parent is not kept: it stays a database
    /// question (and a 404), as an unknown code does.
    /// </summary>
    public async Task<LevelPage> LevelPageAsync(int releaseId, int level, string? within, string? after, int limit, CancellationToken ct)
    {
        if (_cache is null)
        {
            return await _store.LevelPageAsync(releaseId, level, within, after, limit, ct);
        }
        var key = new PageKey(releaseId, level, within, after, limit);
        if (_cache.TryGetValue(key, out LevelPage? page))
        {
            Count(page!.Rows.Count, 0);
            return page;
        }
        page = await _store.LevelPageAsync(releaseId, level, within, after, limit, ct);
        Count(0, page.Rows.Count);
        if (page.ParentFound)
        {
            _cache.Set(key, page, Entry(PageHeadSize + page.Rows.Sum(SizeOf)));
        }
        return page;
    }

    private static MemoryCacheEntryOptions Entry(long size) => new() { Size = size };

    private static void Count(int hits, int misses)
    {
        if (hits > 0) Lookups.Add(hits, new KeyValuePair<string, object?>("result", "hit"));
        if (misses > 0) Lookups.Add(misses, new KeyValuePair<string, object?>("result", "miss"));
    }

    /// <summary>
    /// Estimated bytes a row holds: object and array headers, the four count arrays and three strings, plus the
    /// cache entry itself. Close enough to bound memory; it does not have to be exact.
    /// </summary>
    internal static long SizeOf(RegionStatistics row) =>
        200 // the row object, the cache entry and its key
        + 4 * 24 + 4L * ((row.FamiliesByTier?.Length ?? 0) + (row.PersonsByTier?.Length ?? 0) + (row.FamiliesByDecile?.Length ?? 0)
                         + (row.PersonsByDecile?.Length ?? 0))
        + 3 * 22 + 2L * (row.RegionCode.Length + row.Name.Length + (row.ParentCode?.Length ?? 0));

    public void Dispose() => _cache?.Dispose();
}
