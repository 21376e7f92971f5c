// A ministry system calling every operation of the API in every format through the NSwag client generated from the
// live OpenAPI document (RegsosekClient.cs beside this file), with realistic parameters: codes, levels, measures, pages
// followed through nextCursor, a 304 through If-None-Match, the exports, and problems. Any exception other than the
// documented ones, or any wrong answer, ends it with exit code 1.
// Usage: ContractCaller BASE_URL RELEASE
using System.Net;
using Regsosek.Contract;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ContractCaller BASE_URL RELEASE");
    return 2;
}
var release = args[1];
var seen = new ResponseLog();
using var http = new HttpClient(seen) { BaseAddress = new Uri(args[0]) };
var api = new RegsosekClient(http) { BaseUrl = args[0].TrimEnd('/') + "/" };
var failures = new List<string>();
var calls = 0;

void Check(bool condition, string what)
{
    if (!condition) failures.Add(what);
}

async Task<T> Call<T>(string operation, Func<Task<T>> call)
{
    calls++;
    seen.Operations.Add(operation);
    return await call();
}

async Task<string> Text(FileResponse file)
{
    using (file)
    {
        return await new StreamReader(file.Stream).ReadToEndAsync();
    }
}

// A problem the operation documents: the generated client throws it as ApiException<ProblemDetails>.
async Task<ProblemDetails> Problem(string operation, Func<Task> call)
{
    calls++;
    seen.Operations.Add(operation);
    try
    {
        await call();
    }
    catch (ApiException<ProblemDetails> e)
    {
        return e.Result;
    }
    throw new InvalidOperationException($"{operation}: expected a problem, got a success");
}

// A 304: NSwag models every status outside 2xx as an ApiException; the document describes this one as Not Modified.
async Task NotModified(string operation, Func<Task> call)
{
    calls++;
    seen.Operations.Add(operation);
    try
    {
        await call();
        failures.Add($"{operation}: If-None-Match with the current ETag did not answer 304");
    }
    catch (ApiException e) when (e.StatusCode == (int)HttpStatusCode.NotModified)
    {
        Check(e.Message.StartsWith("Not Modified", StringComparison.Ordinal), $"{operation}: 304 described as '{e.Message}'");
    }
}

// ---- Releases ----
var releases = await Call("listReleases", () => api.ListReleasesAsync(null));
var ours = releases.Items.SingleOrDefault(r => r.Id == release);
Check(ours is not null, $"listReleases lacks {release}");
Check(ours?.Tiers.Select(t => t.Id).SequenceEqual(["extreme_poor", "poor", "vulnerable", "upper_middle"]) == true, "listReleases: tiers");
var releasesTag = seen.ETag;
await NotModified("listReleases", () => api.ListReleasesAsync(releasesTag));
var one = await Call("getRelease", () => api.GetReleaseAsync(release, null));
Check(one.DisclosureControl.Method == "cell key method" && one.Regions.CodeSystem == "Kemendagri", "getRelease");
Check(one.Tables?.MaxVariables.District == 2 && one.Tables.Variables.Select(v => v.Name).SequenceEqual([TableVariable.Tier, TableVariable.Decile, TableVariable.HeadSex,
    TableVariable.HeadAgeGroup, TableVariable.Disability, TableVariable.FamilySize]), "getRelease: tables");
var missingRelease = await Problem("getRelease", () => api.GetReleaseAsync("no-such-release", null));
Check(missingRelease.Type == ProblemType.ReleaseNotFound && missingRelease.Status == 404, "getRelease: 404 problem");

// ---- Regions ----
var provinces = await Call("listRegions", () => api.ListRegionsAsync(RegionLevel.Province, null, null, null, null, null));
Check(provinces.Total == 38 && provinces.Items.Count == 38 && provinces.Items.All(p => p.Kind == RegionKind.Provinsi), "listRegions: 38 provinces");
var districts = new List<RegionItem>();
string? cursor = null;
var total = -1;
do
{
    var page = await Call("listRegions", () => api.ListRegionsAsync(RegionLevel.District, "18", null, 100, cursor, null));
    districts.AddRange(page.Items);
    total = page.Total;
    cursor = page.NextCursor;
} while (cursor is not null && districts.Count < 10_000);
Check(districts.Count == total && districts.Select(d => d.Code).Distinct().Count() == total && total > 100, $"listRegions paging: {districts.Count} of {total}");
var search = await Call("listRegions", () => api.ListRegionsAsync(null, null, "bandar lampung", 10, null, null));
Check(search.Items.Any(r => r.Code == "18.71"), "listRegions: name search");

var city = await Call("getRegion", () => api.GetRegionAsync("18.71", null));
Check(city.Kind == RegionKind.Kota && city.Level == RegionLevel.Regency && city.ChildLevel == RegionDetailChildLevel.District, "getRegion 18.71");
var someVillages = await Call("listRegions", () => api.ListRegionsAsync(RegionLevel.Village, districts[0].Code, null, 1, null, null));
var village = await Call("getRegion", () => api.GetRegionAsync(someVillages.Items.Single().Code, null));
Check(village.ChildLevel is null && village.Urban is not null && village.Kind is RegionKind.Desa or RegionKind.Kelurahan, "getRegion: a village");
var badCode = await Problem("getRegion", () => api.GetRegionAsync("1871", null));
Check(badCode.Type == ProblemType.InvalidRegionCode && badCode.Parameter == "code", "getRegion: 400 names the parameter");
await NotModified("getRegion", () => api.GetRegionAsync("18.71", seen.ETagOf("/api/v1/regions/18.71")));

var children = await Call("listRegionChildren", () => api.ListRegionChildrenAsync("18", null, null, null));
Check(children.Total == 15 && children.Items.All(c => c.ParentCode == "18"), "listRegionChildren 18");
var unknown = await Problem("listRegionChildren", () => api.ListRegionChildrenAsync("18.99", null, null, null));
Check(unknown.Type == ProblemType.RegionNotFound, "listRegionChildren: 404");

var source = await Call("getRegionSource", () => api.GetRegionSourceAsync(null));
Check(source.Villages == 83762 && source.Licence.Contains("ODbL", StringComparison.Ordinal), "getRegionSource");

// ---- Statistics as JSON ----
var whole = await Call("getRegionStatistics", () => api.GetRegionStatisticsAsync("18.71", release, null));
Check(whole.Ancestors.Select(a => a.Code).SequenceEqual(["ID", "18"]) && whole.Families.Tiers.Count == 4 && whole.Persons.Deciles.Count == 10, "getRegionStatistics");
await NotModified("getRegionStatistics", () => api.GetRegionStatisticsAsync("18.71", release, seen.ETag));

var tiers = await Call("getTierStatistics", () => api.GetTierStatisticsAsync(release, "18.71,ID", null, null, Measure.Families, null, null, null));
var row = tiers.Items.First();
Check(tiers.Total == 2 && row.Code == "18.71" && row.Level == Level.Regency && tiers.Measure == Measure.Families, "getTierStatistics: listed");
Check(row.Total == whole.Families.Total && row.Tiers.Select(t => t.Tier).SequenceEqual([TierId.ExtremePoor, TierId.Poor, TierId.Vulnerable, TierId.UpperMiddle]), "getTierStatistics agrees with getRegionStatistics");
Check(Math.Abs(row.Tiers.Sum(t => t.Share ?? 0) - 1) < 1e-4, "tier shares add up to 1");
await NotModified("getTierStatistics", () => api.GetTierStatisticsAsync(release, "18.71,ID", null, null, Measure.Families, null, null, seen.ETag));

var villages = new List<TierRow>();
string? next = null;
var villageTotal = -1;
do
{
    var page = await Call("getTierStatistics", () => api.GetTierStatisticsAsync(release, null, "18", RegionLevel.Village, Measure.Persons, 1000, next, null));
    villages.AddRange(page.Items);
    villageTotal = page.Total;
    next = page.NextCursor;
} while (next is not null && villages.Count < 100_000);
Check(villages.Count == villageTotal && villageTotal > 2000 && villages.All(v => v.Level == Level.Village), $"getTierStatistics paging: {villages.Count} of {villageTotal}");

var deciles = await Call("getDecileStatistics", () => api.GetDecileStatisticsAsync(release, null, "18.71", null, null, null, null, null));
Check(deciles.Items.Count == deciles.Total && deciles.Items.All(r => r.Deciles.Select(d => d.Decile).SequenceEqual(Enumerable.Range(1, 10))), "getDecileStatistics");

// ---- Statistics as CSV (binary: a file response, never JSON) ----
var tiersCsv = await Text(await Call("getTierStatisticsCsv", () => api.GetTierStatisticsCsvAsync(release, "18.71", null, null, null, null, null, null)));
var csvRow = tiersCsv.Split("\r\n")[1].Split(',');
Check(tiersCsv.StartsWith("release,region_code,region_name,level,parent_code,measure,total,", StringComparison.Ordinal) && seen.MediaType == "text/csv", "getTierStatisticsCsv: header");
Check(csvRow[0] == release && csvRow[1] == "18.71" && int.Parse(csvRow[6]) == row.Total, "getTierStatisticsCsv: the same total as JSON");
await NotModified("getTierStatisticsCsv", () => api.GetTierStatisticsCsvAsync(release, "18.71", null, null, null, null, null, seen.ETag));
var decilesCsv = await Text(await Call("getDecileStatisticsCsv", () => api.GetDecileStatisticsCsvAsync(release, null, "18.71", null, Measure.Persons, null, null, null)));
Check(decilesCsv.TrimEnd().Split("\r\n").Length == deciles.Total + 1 && decilesCsv.Contains(",persons,", StringComparison.Ordinal), "getDecileStatisticsCsv");
var csvProblem = await Problem("getTierStatisticsCsv", () => api.GetTierStatisticsCsvAsync(release, "18.99", null, null, null, null, null, null));
Check(csvProblem.Type == ProblemType.RegionNotFound, "getTierStatisticsCsv: 404 problem");

// ---- Statistics as JSON-stat ----
var tiersStat = await Call("getTierStatisticsJsonStat", () => api.GetTierStatisticsJsonStatAsync(release, "18.71", null, null, null, null, null, null));
Check(seen.MediaType == "application/json-stat+json", $"getTierStatisticsJsonStat served as {seen.MediaType}");
Check(tiersStat.Version == JsonStatDatasetVersion.V2_0 && tiersStat.Class == JsonStatDatasetClass.Dataset && tiersStat.Value.First() == row.Total, "getTierStatisticsJsonStat: values");
Check(tiersStat.Dimension["tier"].Category.Index.SequenceEqual(["total", "extreme_poor", "poor", "vulnerable", "upper_middle"]), "getTierStatisticsJsonStat: categories");
var decilesStat = await Call("getDecileStatisticsJsonStat", () => api.GetDecileStatisticsJsonStatAsync(release, null, "18.71", null, null, null, null, null));
Check(decilesStat.Size.SequenceEqual([1, deciles.Total, 11]) && decilesStat.Extension.Total == deciles.Total, "getDecileStatisticsJsonStat: size");
var badMeasure = await Problem("getDecileStatisticsJsonStat", () => api.GetDecileStatisticsJsonStatAsync(release, null, "18.71.01.1003", null, null, null, null, null));
Check(badMeasure.Type == ProblemType.InvalidParameter && badMeasure.Parameter == "parent", "getDecileStatisticsJsonStat: 400 names the parameter");

// ---- Custom tables ----
var byTier = await Call("getCustomTable", () => api.GetCustomTableAsync("tier", release, "18.71,ID", null, null, Measure.Families, null, null, null));
var tableRow = byTier.Items.First();
Check(byTier.Variables.SequenceEqual([TableVariable.Tier]) && tableRow.Code == "18.71" && tableRow.Total == row.Total, "getCustomTable: total as getTierStatistics");
Check(tableRow.Cells.Select(c => c.Count).SequenceEqual(row.Tiers.Select(t => t.Count)), "getCustomTable by=tier: cells as getTierStatistics");
var bySex = await Call("getCustomTable", () => api.GetCustomTableAsync("head_sex,tier", release, null, "18.71", RegionLevel.District, null, 5, null, null));
Check(bySex.Variables.SequenceEqual([TableVariable.Tier, TableVariable.HeadSex]) && bySex.Items.All(r => r.Cells.Count == 8) && bySex.NextCursor is not null, "getCustomTable: every combination, paged");
await NotModified("getCustomTable", () => api.GetCustomTableAsync("head_sex,tier", release, null, "18.71", RegionLevel.District, null, 5, null, seen.ETag));
var tableCsv = (await Text(await Call("getCustomTableCsv", () => api.GetCustomTableCsvAsync("tier", release, "18.71", null, null, null, null, null, null)))).TrimEnd().Split("\r\n");
Check(tableCsv[0] == "release,region_code,region_name,level,measure,tier,count,coverage" && tableCsv.Length == 6 && seen.MediaType == "text/csv", "getCustomTableCsv: long form");
Check(tableCsv[1] == $"{release},18.71,Kota Bandar Lampung,regency,families,total,{row.Total},full", "getCustomTableCsv: total row");
var tableStat = await Call("getCustomTableJsonStat", () => api.GetCustomTableJsonStatAsync("tier,disability", release, "18.71", null, null, null, null, null, null));
Check(seen.MediaType == "application/json-stat+json" && tableStat.Size.SequenceEqual([1, 1, 5, 3]) && tableStat.Value.First() == row.Total, "getCustomTableJsonStat: the cube with its totals");
var tooDetailed = await Problem("getCustomTableJsonStat", () => api.GetCustomTableJsonStatAsync("tier,head_sex,disability", release, null, "18.71", RegionLevel.District, null, null, null, null));
Check(tooDetailed.Type == ProblemType.TableTooDetailed && tooDetailed.MaxVariables == 2, "getCustomTableJsonStat: 400 table-too-detailed with maxVariables");

// ---- Exports ----
foreach (var (operation, export) in new (string, Func<Task<FileResponse>>)[]
         {
             ("exportTierStatistics", () => api.ExportTierStatisticsAsync(release, null, null, null)),
             ("exportDecileStatistics", () => api.ExportDecileStatisticsAsync(release, null, null, null)),
         })
{
    var file = await Call(operation, export);
    var disposition = file.Headers.TryGetValue("Content-Disposition", out var values) ? string.Join(",", values) : "";
    var lines = (await Text(file)).TrimEnd().Split("\r\n");
    Check(lines[0].StartsWith("release,region_code,", StringComparison.Ordinal) && lines[1].StartsWith($"{release},ID,Indonesia,national,,families,", StringComparison.Ordinal), $"{operation}: rows");
    Check(disposition.Contains($"regsosek-{release}-", StringComparison.Ordinal), $"{operation}: Content-Disposition '{disposition}'");
    var etag = seen.ETag;
    await NotModified(operation, () => operation == "exportTierStatistics" ? api.ExportTierStatisticsAsync(release, etag, null, null) : api.ExportDecileStatisticsAsync(release, etag, null, null));
    // A broken download resumes: the rest of the same file (If-Range names it) from byte 100.
    var rest = await Call(operation, () => operation == "exportTierStatistics"
        ? api.ExportTierStatisticsAsync(release, null, "bytes=100-", etag)
        : api.ExportDecileStatisticsAsync(release, null, "bytes=100-", etag));
    using var restBody = new MemoryStream();
    await rest.Stream.CopyToAsync(restBody);
    Check(rest.StatusCode == 206 && restBody.ToArray().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n").Skip(100)), $"{operation}: Range gives 206 with the rest of the file");
}

// ---- The same tables as xlsx workbooks (a zip: "PK"), codes as text cells ----
foreach (var (operation, export, table) in new (string, Func<Task<FileResponse>>, string)[]
         {
             ("exportTierStatisticsXlsx", () => api.ExportTierStatisticsXlsxAsync(release, null, null, null), "tiers"),
             ("exportDecileStatisticsXlsx", () => api.ExportDecileStatisticsXlsxAsync(release, null, null, null), "deciles"),
         })
{
    var file = await Call(operation, export);
    var disposition = file.Headers.TryGetValue("Content-Disposition", out var values) ? string.Join(",", values) : "";
    using var body = new MemoryStream();
    using (file)
    {
        await file.Stream.CopyToAsync(body);
    }
    var bytes = body.ToArray();
    Check(bytes.Length > 100 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', $"{operation}: a zip (xlsx) body");
    Check(seen.MediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{operation}: media type {seen.MediaType}");
    Check(disposition.Contains($"regsosek-{release}-{table}.xlsx", StringComparison.Ordinal), $"{operation}: Content-Disposition '{disposition}'");
    var etag = seen.ETag;
    await NotModified(operation, () => operation == "exportTierStatisticsXlsx"
        ? api.ExportTierStatisticsXlsxAsync(release, etag, null, null)
        : api.ExportDecileStatisticsXlsxAsync(release, etag, null, null));
}

// ---- CSVW: every CSV links the description that types its columns (codes as text) ----
var linkedCsv = await Call("getTierStatisticsCsv", () => api.GetTierStatisticsCsvAsync(release, "18.71", null, null, null, null, null, null));
var link = linkedCsv.Headers.TryGetValue("Link", out var links) ? string.Join(",", links) : "";
Check(link.Contains("/api/v1/statistics/tiers.csv-metadata.json?", StringComparison.Ordinal) && link.Contains("rel=\"describedby\"", StringComparison.Ordinal), $"getTierStatisticsCsv: Link describedby '{link}'");
foreach (var (operation, describe, url) in new (string, Func<Task<CsvwTable>>, string)[]
         {
             ("getTierStatisticsCsvMetadata", () => api.GetTierStatisticsCsvMetadataAsync(null), "tiers.csv"),
             ("getDecileStatisticsCsvMetadata", () => api.GetDecileStatisticsCsvMetadataAsync(null), "deciles.csv"),
             ("getTierStatisticsMetadata", () => api.GetTierStatisticsMetadataAsync(null), "tiers"),
             ("getDecileStatisticsMetadata", () => api.GetDecileStatisticsMetadataAsync(null), "deciles"),
             ("exportTierStatisticsMetadata", () => api.ExportTierStatisticsMetadataAsync(release, null), "tiers.csv"),
             ("exportDecileStatisticsMetadata", () => api.ExportDecileStatisticsMetadataAsync(release, null), "deciles.csv"),
         })
{
    var description = await Call(operation, describe);
    Check(seen.MediaType == "application/csvm+json" && description.Url == url
          && description.TableSchema.Columns.First(c => c.Name == "region_code").Datatype == "string"
          && description.TableSchema.Columns.First().Name == "release", $"{operation}: a CSVW table with codes as text");
}

Console.WriteLine($"contract (csharp): {seen.Operations.Count} operations, {seen.MediaTypes.Count} media types ({string.Join(", ", seen.MediaTypes.Order())}), {calls} calls");
if (failures.Count > 0)
{
    Console.Error.WriteLine(string.Join("\n", failures));
    return 1;
}
return 0;

/// <summary>What the last response said besides its body (the generated client returns the body only), per path too.</summary>
internal sealed class ResponseLog() : DelegatingHandler(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All })
{
    private readonly Dictionary<string, string> _etags = [];

    public HashSet<string> Operations { get; } = [];
    public HashSet<string> MediaTypes { get; } = [];
    public string? ETag { get; private set; }
    public string? MediaType { get; private set; }

    public string? ETagOf(string path) => _etags.GetValueOrDefault(path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }
        ETag = response.Headers.ETag?.ToString();
        if (ETag is not null && request.RequestUri is { } uri)
        {
            _etags[uri.AbsolutePath] = ETag;
        }
        MediaType = response.Content.Headers.ContentType?.MediaType;
        if (MediaType is not null)
        {
            MediaTypes.Add(MediaType);
        }
        return response;
    }
}
