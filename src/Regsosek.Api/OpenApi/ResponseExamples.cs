using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Api.Sources;
using Regsosek.Api.Statistics;
using Regsosek.Api.Tables;
using Regsosek.Data.Database;
using Regsosek.Data.Tables;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// An example of every JSON response, made by the code that makes the real ones from a few synthetic rows (the
/// published Lampung figures of a demo release), so an example cannot drift from the shape it illustrates.
/// </summary>
internal static class ResponseExamples
{
    private static readonly ReleaseInfo Release = new(7, "regsosek-2022-lampung-demo", "2022-10-15/2022-11-14", "Synthetic Lampung demo",
        new DateTime(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc), true, "idn-area-data", "4.0.1", 0.31, 0.62, 0.35, 0.71, true, 0.04, -0.01,
        """{"national": 3, "province": 3, "regency": 3, "district": 2, "village": 1}""", "18");

    private static readonly RegionStatistics Indonesia = Row("ID", "Indonesia", 0, null, 2_651_207, 9_876_543, RegionCoverage.Partial);
    private static readonly RegionStatistics Lampung = Row("18", "Lampung", 1, "ID", 2_651_207, 9_876_543);
    private static readonly RegionStatistics BandarLampung = Row("18.71", "Kota Bandar Lampung", 2, "18", 255_837, 921_014);
    private static readonly RegionStatistics Metro = Row("18.72", "Kota Metro", 2, "18", 47_112, 165_830);

    private static RegionStatistics Row(string code, string name, short level, string? parent, int families, int persons,
        RegionCoverage coverage = RegionCoverage.Full) => new()
    {
        Coverage = coverage, RegionCode = code, Name = name, Level = level, ParentCode = parent, FamiliesTotal = families, PersonsTotal = persons,
        FamiliesByTier = Split(families, [0.010319, 0.052599, 0.154828, 0.782254]),
        PersonsByTier = Split(persons, [0.012, 0.06, 0.16, 0.768]),
        FamiliesByDecile = Split(families, [0.048, 0.068, 0.085, 0.098, 0.107, 0.113, 0.118, 0.121, 0.121, 0.121]),
        PersonsByDecile = Split(persons, [0.05, 0.07, 0.085, 0.098, 0.107, 0.112, 0.117, 0.12, 0.12, 0.121]),
    };

    private static int[] Split(int total, double[] shares) => shares.Select(s => (int)Math.Round(total * s)).ToArray();

    private static StatisticsTable Table() => new(Release, Measure.Families, new Page<RegionStatistics>([BandarLampung, Metro], "azE6MTguNzI",
        "/api/v1/statistics/tiers?parent=18&limit=2&release=regsosek-2022-lampung-demo&cursor=azE6MTguNzI", 15));

    /// <summary>Bandar Lampung and Metro by tier and head_sex: a share of each tier's families per sex, absent cells 0.</summary>
    private static CustomTable CustomTableExample()
    {
        var by = new[] { TableVariables.Tier, TableVariables.HeadSex };
        var cells = new[] { BandarLampung, Metro }.SelectMany(region => region.FamiliesByTier!.SelectMany((count, tier) => new[]
        {
            new TableCell { RegionCode = region.RegionCode, Variables = 40, Tier = (short)(tier + 1), HeadSex = 1, Families = (int)(count * 0.83) },
            new TableCell { RegionCode = region.RegionCode, Variables = 40, Tier = (short)(tier + 1), HeadSex = 2, Families = (int)(count * 0.17) },
        })).Where(c => c.Families > 2).GroupBy(c => c.RegionCode)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<int, TableCell>)g.ToDictionary(CustomTable.KeyOf));
        var table = Table() with
        {
            Page = Table().Page with { Next = "/api/v1/statistics/tables?by=tier,head_sex&parent=18&limit=2&release=regsosek-2022-lampung-demo&cursor=azE6MTguNzI" },
        };
        return new CustomTable(table, by, cells);
    }

    /// <summary>The example of a 200 body of this type; null for a type that has none (not JSON).</summary>
    public static object? For(Type type)
    {
        if (type == typeof(TierPage)) return Breakdowns.Tiers.ToJson(Table());
        if (type == typeof(DecilePage)) return Breakdowns.Deciles.ToJson(Table());
        if (type == typeof(JsonStatDataset)) return JsonStat.Dataset(Breakdowns.Tiers, Table());
        if (type == typeof(TablePage)) return TableRepresentations.Json(CustomTableExample());
        if (type == typeof(RegionStatisticsResponse))
        {
            var label = (RegionStatistics r) => new RegionLabel(r.RegionCode, r.Name, GeoLevels.FromDepth(r.Level).ApiName());
            return new RegionStatisticsResponse(ReleaseRef.From(Release), label(BandarLampung), [label(Indonesia), label(Lampung)], BandarLampung.Coverage.ApiName(),
                StatisticsRows.Whole(BandarLampung, Measure.Families), StatisticsRows.Whole(BandarLampung, Measure.Persons), StatisticsRows.Note);
        }
        if (type == typeof(Regsosek.Data.Exports.CsvwTable))
        {
            return Regsosek.Data.Exports.CsvwTable.For(Regsosek.Data.Exports.CsvTable.Tiers, "tiers.csv?parent=18&level=regency",
                "Families or persons per welfare tier, by region");
        }
        if (type == typeof(ReleaseResponse)) return ReleaseResponse.From(Release);
        if (type == typeof(ReleaseList)) return new ReleaseList([ReleaseResponse.From(Release)]);
        if (type == typeof(RegionPage))
        {
            return new RegionPage([new("18.71", "Kota Bandar Lampung", "regency", "kota", "18"), new("18.72", "Kota Metro", "regency", "kota", "18")], 15,
                "azE6MTguNzI", "/api/v1/regions/18/children?limit=2&cursor=azE6MTguNzI");
        }
        if (type == typeof(RegionDetail))
        {
            return new RegionDetail("18.71.01", "Kedaton", "district", "kecamatan", "18.71", null,
                [new("18", "Lampung", "province"), new("18.71", "Kota Bandar Lampung", "regency")], 7, "village");
        }
        if (type == typeof(RegionSourceResponse))
        {
            return new RegionSourceResponse("idn-area-data", "4.0.1", "sha512-…", "ODbL-1.0", new DateTime(2026, 1, 15, 7, 0, 0, DateTimeKind.Utc),
                38, 514, 7285, 83762, "Kemendagri (Ministry of Home Affairs) codes, not BPS codes");
        }
        return null;
    }

    /// <summary>A problem this operation may answer with this status, as Problems builds it.</summary>
    public static ProblemDetails? Problem(string status, string path)
    {
        var releases = path.Contains("/releases", StringComparison.Ordinal);
        ApiProblem? problem = status switch
        {
            "400" => path.Contains("{code}", StringComparison.Ordinal) || path.EndsWith("/regions", StringComparison.Ordinal)
                ? Problems.InvalidRegionCode("code", "1871")
                : Problems.InvalidParameter("measure", "measure 'households' is not a measure; expected families or persons.",
                    "Families and persons are separate measures; ask for each in its own request.", ("allowed", new[] { "families", "persons" })),
            "404" => path.EndsWith("/sources/regions", StringComparison.Ordinal) ? Problems.NoRegionData()
                : releases ? Problems.ReleaseNotFound("regsosek-2021", latest: false) : Problems.RegionNotFound("18.99"),
            "406" => Problems.NotAcceptable($"None of the media types in Accept is produced here; supported: {FormatNegotiation.Supported}.",
                "Send Accept: application/json, text/csv or application/json-stat+json, or use format=."),
            "414" => Problems.UriTooLong(5012, RequestLimitsExtensions.DefaultMaxUrlLength),
            "429" => Problems.TooManyRequests(600, 60, 12, PageSize.Regions.Max()),
            "503" => Problems.DatabaseUnavailable(DatabaseFault.Unreachable, 5),
            _ => null,
        };
        if (problem is null)
        {
            return null;
        }
        problem.Problem.Instance = path.Replace("{code}", "18.99").Replace("{id}", "regsosek-2021");
        if (status == "503")
        {
            problem.Problem.Extensions["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        }
        return problem.Problem;
    }
}
