using System.Text.Json.Serialization;
using Regsosek.Data.Statistics;
using Regsosek.Api.OpenApi;
using Regsosek.Api.Tables;
using Regsosek.Data.Tables;

namespace Regsosek.Api.Releases;

/// <summary>A published release of the statistics.</summary>
/// <param name="Id">Stable release identifier, used as {id} and as release=; latest is an alias of the current release.</param>
/// <param name="ReferencePeriod">Period the registration describes, e.g. 2022.</param>
/// <param name="Description">What the release is.</param>
/// <param name="PublishedAt">When it was published (UTC).</param>
/// <param name="IsLatest">True for the release that latest currently points to.</param>
/// <param name="Regions">Region code vintage the release was aggregated on.</param>
/// <param name="DisclosureControl">How the counts were protected and what that implies.</param>
/// <param name="Measures">What is counted.</param>
/// <param name="Tiers">Welfare tiers, poorest first.</param>
/// <param name="Deciles">National welfare deciles, poorest first.</param>
/// <param name="Tables">The custom tables the release publishes (/statistics/tables): their variables and categories, and how many variables a table may have per level; absent when it publishes none (an optional property rather than a nullable reference, which OpenAPI 3.0 generators read badly).</param>
/// <param name="Coverage">The regions whose microdata the release holds, and what coverage full, partial and none mean in the statistics.</param>
/// <param name="Links">Related resources.</param>
public sealed record ReleaseResponse([property: Shape(ValueShape.ReleaseId)] string Id, string ReferencePeriod, string Description, DateTime PublishedAt, bool IsLatest,
    RegionVintage Regions, DisclosureStatement DisclosureControl, IReadOnlyList<Term> Measures, IReadOnlyList<Term> Tiers,
    IReadOnlyList<Term> Deciles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReleaseTables? Tables, ReleaseCoverage Coverage, ReleaseLinks Links)
{
    public static ReleaseResponse From(ReleaseInfo r) => new(
        r.Name, r.ReferencePeriod, r.Description, DateTime.SpecifyKind(r.PublishedAt, DateTimeKind.Utc), r.IsCurrent,
        new RegionVintage("Kemendagri", r.RegionPackage, r.RegionVersion, "ODbL-1.0", "/api/v1/sources/regions"),
        DisclosureStatement.For(r), Vocabulary.Measures, Vocabulary.Tiers, Vocabulary.Deciles,
        ReleaseTables.From(TableLimits.Parse(r.TableLimits)), ReleaseCoverage.From(r.Coverage), ReleaseLinks.For(r.Name));
}

/// <summary>The regions whose microdata a release holds.</summary>
/// <param name="Regions">Covered region codes, in code order: each covers itself and every region below it; ID means all of Indonesia (a release published before coverage was recorded).</param>
/// <param name="Note">What coverage full, partial and none mean in the statistics.</param>
public sealed record ReleaseCoverage([property: Shape(ValueShape.StatisticsRegionCode)] IReadOnlyList<string> Regions, string Note)
{
    public static ReleaseCoverage From(string? codes) =>
        new(string.IsNullOrEmpty(codes) ? [StatisticsStore.National] : codes.Split(','), Data.Statistics.Coverage.Statement);
}

/// <param name="CodeSystem">Kemendagri codes (not BPS codes).</param>
/// <param name="Package">Source package of the region codes and names.</param>
/// <param name="Version">Its version.</param>
/// <param name="Licence">Licence of the region data.</param>
/// <param name="Source">Where provenance is described.</param>
public sealed record RegionVintage(string CodeSystem, string Package, string Version, string Licence, string Source);

/// <param name="Self">This release.</param>
/// <param name="Tiers">Tier statistics of this release (add region= or level=).</param>
/// <param name="Deciles">Decile statistics of this release.</param>
/// <param name="TiersExport">Every region's tier counts as one CSV file.</param>
/// <param name="DecilesExport">Every region's decile counts as one CSV file.</param>
public sealed record ReleaseLinks(string Self, string Tiers, string Deciles, string TiersExport, string DecilesExport)
{
    public static ReleaseLinks For(string id) => new(
        $"/api/v1/releases/{id}", $"/api/v1/statistics/tiers?release={id}", $"/api/v1/statistics/deciles?release={id}",
        $"/api/v1/releases/{id}/exports/tiers.csv", $"/api/v1/releases/{id}/exports/deciles.csv");
}

/// <summary>Published releases, newest first.</summary>
/// <param name="Items">The releases.</param>
public sealed record ReleaseList(IReadOnlyList<ReleaseResponse> Items);

/// <summary>Which release a statistics response comes from.</summary>
/// <param name="Id">Release identifier; pass it as release= to pin later requests to it.</param>
/// <param name="ReferencePeriod">Period the registration describes.</param>
/// <param name="Url">The release, with its disclosure-control statement.</param>
public sealed record ReleaseRef([property: Shape(ValueShape.ReleaseId)] string Id, string ReferencePeriod, string Url)
{
    public static ReleaseRef From(ReleaseInfo r) => new(r.Name, r.ReferencePeriod, $"/api/v1/releases/{r.Name}");
}
