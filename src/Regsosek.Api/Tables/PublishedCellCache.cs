using Microsoft.Extensions.Caching.Memory;
using Regsosek.Data.Tables;

namespace Regsosek.Api.Tables;

/// <summary>
/// Published custom-table cells kept in memory, per release, table and region: a published release never changes
/// (as for <see cref="Statistics.PublishedRowCache"/>), so nothing is ever stale. A region's entry is its cells of the
/// table and of the table's margins, keyed by their categories, ready for <see cref="CustomTable"/>; a region with no
/// stored cell (all published 0) is kept too, as an empty entry. Bounded by <c>Tables:CellCacheMegabytes</c>
/// (estimated, least recently used first out); 0 turns it off.
/// </summary>
public sealed class PublishedCellCache : IDisposable
{
    public const string SettingKey = "Tables:CellCacheMegabytes";
    public const int DefaultMegabytes = 32;

    private readonly TableStore _store;
    private readonly MemoryCache? _cache;

    public PublishedCellCache(TableStore store, long megabytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(megabytes);
        _store = store;
        _cache = megabytes == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024 * 1024 });
    }

    private readonly record struct Key(int ReleaseId, short Mask, string Region);

    /// <summary>The cells of every listed region (each a region the release covers), read with one statement for those not in memory.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<int, TableCell>>> CellsAsync(
        int releaseId, short mask, IReadOnlyList<string> regions, CancellationToken ct)
    {
        var found = new Dictionary<string, IReadOnlyDictionary<int, TableCell>>(regions.Count, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var region in regions)
        {
            if (_cache is not null && _cache.TryGetValue(new Key(releaseId, mask, region), out IReadOnlyDictionary<int, TableCell>? cells))
            {
                found[region] = cells!;
            }
            else
            {
                missing.Add(region);
            }
        }
        if (missing.Count == 0)
        {
            return found;
        }
        var read = (await _store.CellsAsync(releaseId, mask, missing, ct)).ToLookup(c => c.RegionCode, StringComparer.Ordinal);
        foreach (var region in missing)
        {
            IReadOnlyDictionary<int, TableCell> cells = read[region].ToDictionary(CustomTable.KeyOf);
            found[region] = cells;
            _cache?.Set(new Key(releaseId, mask, region), cells, new MemoryCacheEntryOptions { Size = 150 + 120L * cells.Count });
        }
        return found;
    }

    public void Dispose() => _cache?.Dispose();
}
