using System.Globalization;
using Regsosek.Api.Infrastructure;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>
/// Validators of what the region data shows (regions, their children, the source): derived from the source row a load
/// writes (package, version, integrity, load time), so they change exactly when the region data is loaded again.
/// </summary>
public static class RegionDataValidators
{
    public static IEnumerable<string> Basis(RegionSourceInfo source) =>
        [source.Package, source.Version, source.Integrity, source.LoadedAt.Ticks.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Sets ETag and Cache-Control and tells whether If-None-Match names them; without region data there is nothing to validate.</summary>
    public static async Task<bool> IsNotModifiedAsync(HttpContext http, RegionStore store, CancellationToken ct) =>
        await store.SourceAsync(ct) is { } source && HttpCaching.IsNotModified(http, "g", Basis(source), HttpCaching.LatestMaxAge);
}
