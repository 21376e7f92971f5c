using Regsosek.Data.Regions;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;

namespace Regsosek.Api.Infrastructure;

/// <summary>Parameter checks shared by every resource; each returns the problem to answer with, or null.</summary>
public static class Validate
{
    public static BadRequestProblem? Limit(int? requested, out int limit, PageSize size)
    {
        limit = requested ?? size.Default();
        return limit >= 1 && limit <= size.Max()
            ? null
            : Problems.InvalidParameter("limit", $"limit must be between 1 and {size.Max()}; got {requested}.",
                "For every row of a release in one response use the bulk CSV export; otherwise follow the next link.");
    }

    public static BadRequestProblem? Cursor(string? cursor, out string? after) =>
        PageCursor.TryDecode(cursor, out after)
            ? null
            : Problems.InvalidCursor();

    public static BadRequestProblem? RegionCode(string? raw, string parameter, out RegionCode code) =>
        Data.Regions.RegionCode.TryParse(raw, out code)
            ? null
            : Problems.InvalidRegionCode(parameter, raw);

    public static BadRequestProblem? Level(string? raw, out GeoLevel? level)
    {
        level = GeoLevels.FromApiName(raw);
        if (raw is null || level is not null)
        {
            return null;
        }
        var allowed = GeoLevels.Regional.Select(l => l.ApiName()).ToArray();
        return Problems.InvalidParameter("level", $"level '{Problems.Echo(raw)}' is not a level; expected one of {string.Join(", ", allowed)}.",
            "Levels go down from province (provinsi) to regency (kabupaten/kota), district (kecamatan) and village (desa/kelurahan).",
            ("allowed", allowed));
    }

    /// <summary>Every check runs (so every out value is set); the first problem wins.</summary>
    public static BadRequestProblem? First(params BadRequestProblem?[] problems) => problems.FirstOrDefault(p => p is not null);
}
