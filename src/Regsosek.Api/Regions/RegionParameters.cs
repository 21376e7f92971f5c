using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Regions;

/// <summary>Parsers of the region parameters every resource shares.</summary>
public static class RegionParameters
{
    public static Outcome<RegionCode, BadRequestProblem> Code(string? raw, string parameter) =>
        RegionCode.TryParse(raw, out var code) ? code : Problems.InvalidRegionCode(parameter, raw);

    /// <summary>level=: a level that has regions, or null when the parameter is absent.</summary>
    public static Outcome<GeoLevel?, BadRequestProblem> Level(string? raw)
    {
        var level = GeoLevels.FromApiName(raw);
        if (raw is null || level is not null)
        {
            return level;
        }
        var allowed = GeoLevels.Regional.Select(l => l.ApiName()).ToArray();
        return Problems.InvalidParameter("level", $"level '{Problems.Echo(raw)}' is not a level; expected one of {string.Join(", ", allowed)}.",
            "Levels go down from province (provinsi) to regency (kabupaten/kota), district (kecamatan) and village (desa/kelurahan).",
            ("allowed", allowed));
    }
}
