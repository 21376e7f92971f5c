using Regsosek.Data.Regions;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Regions;

/// <summary>A region in a list.</summary>
/// <param name="Code">Kemendagri code, e.g. 18.71.</param>
/// <param name="Name">Official name, e.g. Kota Bandar Lampung.</param>
/// <param name="Level">province, regency, district or village.</param>
/// <param name="Kind">provinsi; kabupaten or kota; kecamatan; desa or kelurahan (from the code).</param>
/// <param name="ParentCode">Code of the region one level up; null for provinces.</param>
public sealed record RegionItem([property: Shape(ValueShape.RegionCode)] string Code, string Name, [property: Shape(ValueShape.RegionLevel)] string Level, [property: Shape(ValueShape.Kind)] string Kind,
    [property: Shape(ValueShape.RegionCode)] string? ParentCode)
{
    public static RegionItem From(RegionSummary r) => new(r.Code, r.Name, GeoLevels.FromDepth(r.Level).ApiName(), r.Kind, r.ParentCode);
}

/// <summary>One page of regions in code order.</summary>
/// <param name="Items">The regions of this page.</param>
/// <param name="Total">Regions over all pages of this query.</param>
/// <param name="NextCursor">Opaque cursor for the next page; null on the last page.</param>
/// <param name="Next">Relative URL of the next page (also sent as a Link header); null on the last page.</param>
public sealed record RegionPage(IReadOnlyList<RegionItem> Items, int Total, string? NextCursor, string? Next);

/// <summary>An ancestor in a breadcrumb.</summary>
public sealed record RegionRef([property: Shape(ValueShape.RegionCode)] string Code, string Name, [property: Shape(ValueShape.RegionLevel)] string Level);

/// <summary>A region with its breadcrumb and number of children.</summary>
/// <param name="Code">Kemendagri code.</param>
/// <param name="Name">Official name.</param>
/// <param name="Level">province, regency, district or village.</param>
/// <param name="Kind">provinsi; kabupaten or kota; kecamatan; desa or kelurahan.</param>
/// <param name="ParentCode">Code one level up; null for provinces.</param>
/// <param name="Urban">For villages: true for kelurahan (urban), false for desa (rural); null above village level.</param>
/// <param name="Ancestors">Breadcrumb from the province down, excluding this region.</param>
/// <param name="ChildCount">Number of regions one level down.</param>
/// <param name="ChildLevel">Level of the children; null for villages.</param>
public sealed record RegionDetail([property: Shape(ValueShape.RegionCode)] string Code, string Name, [property: Shape(ValueShape.RegionLevel)] string Level, [property: Shape(ValueShape.Kind)] string Kind,
    [property: Shape(ValueShape.RegionCode)] string? ParentCode, bool? Urban, IReadOnlyList<RegionRef> Ancestors, int ChildCount, [property: Shape(ValueShape.RegionLevel)] string? ChildLevel);
