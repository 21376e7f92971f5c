using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;
using Xunit.Abstractions;

namespace Regsosek.Tests.Fuzz;

/// <summary>
/// Random and hostile values at every parameter of every operation in the OpenAPI document, with bad Accept and
/// If-None-Match headers and repeated parameters: the answer is never a 5xx, every 4xx is a problem document, and no
/// value ever becomes part of the SQL text (values reach PostgreSQL only as parameters). Seeded and bounded.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HttpFuzzTests(ApiFactory factory, StatisticsReleaseFixture release, ITestOutputHelper output)
{
    private const int Cases = 500;
    private const int DefaultSeed = 20221015;

    [Fact]
    public async Task Hostile_values_at_every_parameter_never_get_a_5xx_and_never_reach_the_sql_text()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("REGSOSEK_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var marker = "zqfz" + seed.ToString("x");
        var client = factory.CreateClient();
        var operations = await Operation.ReadAllAsync(client);
        AssertEveryApiEndpointIsDocumented(operations);
        var values = new HostileValues(marker, await ValidValuesAsync(client));
        var cases = Gen.Sample(CaseGenerator(operations, values), Cases, new Rnd((ulong)seed), 30);
        output.WriteLine($"seed {seed} (rerun with REGSOSEK_FUZZ_SEED={seed}); {cases.Length} requests over {operations.Count} operations; marker '{marker}'");

        using var sql = new SqlCommandRecorder();
        var failures = new List<string>();
        var traces = new Dictionary<ActivityTraceId, FuzzCase>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        foreach (var fuzz in cases)
        {
            var trace = ActivityTraceId.CreateRandom();
            traces[trace] = fuzz;
            var (status, problem) = await SendAsync(client, fuzz, trace);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 || (status >= 400 && problem is not null))
            {
                failures.Add($"{status} {problem ?? ""} for {fuzz}");
            }
        }
        var commands = sql.Commands;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}"))}");

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers:\n{string.Join("\n", failures.Take(10))}");
        var spliced = commands.Where(c => c.Sql.Contains(marker, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(spliced.Count == 0, $"a request value is part of the SQL text:\n{string.Join("\n", spliced.Take(3).Select(c => c.Sql))}");
        // The property above means something only if hostile values did reach SQL commands, as parameters.
        var ours = commands.Where(c => traces.ContainsKey(c.Trace)).ToList();
        var hostileWithSql = ours.Select(c => traces[c.Trace]).Distinct().Count(c => c.Carries(marker));
        output.WriteLine($"{ours.Count} SQL commands from these requests; {hostileWithSql} requests carrying a hostile value ran SQL; none had it in the SQL text");
        Assert.True(hostileWithSql >= 20, $"only {hostileWithSql} requests with hostile values reached the database");
    }

    /// <summary>Null when the answer is acceptable; otherwise why not.</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient client, FuzzCase fuzz, ActivityTraceId trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fuzz.Url);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        if (fuzz.Accept is not null) request.Headers.TryAddWithoutValidation("Accept", fuzz.Accept);
        if (fuzz.IfNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", fuzz.IfNoneMatch);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Headers first: a successful export streams a whole release, which this test has no need to read.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var status = (int)response.StatusCode;
        if (status < 400) return (status, null);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        return (status, ProblemDefect(response, body) is { } defect ? $"{defect}: {body[..Math.Min(body.Length, 300)]}" : null);
    }

    private static string? ProblemDefect(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType}";
        }
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)) return "leaks an exception";
        try
        {
            var type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString();
            return type?.StartsWith("/problems/", StringComparison.Ordinal) == true ? null : $"type {type}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            return "not a problem document";
        }
    }

    private static Gen<FuzzCase> CaseGenerator(IReadOnlyList<Operation> operations, HostileValues values) =>
        from operation in Gen.Elements(operations.ToArray())
        // NUL in a path never reaches the app: Kestrel refuses the request line with 400 (and the test server throws).
        from pathValues in Gen.CollectToArray(operation.PathParameters.Select(p => values.For(p).Select(v => v.Replace("\0", ""))))
        from query in QueryGenerator(operation, values)
        from accept in HostileValues.Accept()
        from ifNoneMatch in HostileValues.IfNoneMatch()
        select new FuzzCase(operation, pathValues, query, accept, ifNoneMatch);

    /// <summary>Any subset of the operation's parameters, some repeated, sometimes with a parameter it does not know.</summary>
    private static Gen<IReadOnlyList<(string, string)>> QueryGenerator(Operation operation, HostileValues values)
    {
        var names = operation.QueryParameters.Append("unknown").ToArray();
        return from chosen in Gen.SubListOf(names)
               from repeats in Gen.CollectToArray(chosen.Select(_ => Gen.Frequency((6, Gen.Constant(1)), (1, Gen.Choose(2, 3)))))
               from pairs in Gen.CollectToArray(chosen.Zip(repeats).SelectMany(p => Enumerable.Repeat(p.First, p.Second))
                   .Select(name => values.For(name).Select(v => (name, v))))
               select (IReadOnlyList<(string, string)>)pairs;
    }

    /// <summary>An endpoint left out of the document would escape the fuzzing: every routed GET under /api must be in it.</summary>
    private void AssertEveryApiEndpointIsDocumented(IReadOnlyList<Operation> operations)
    {
        var documented = operations.Select(o => o.Path.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var routed = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => p.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Replace("v{version:apiVersion}", "v1").TrimEnd('/'))
            .ToList();
        Assert.NotEmpty(routed);
        Assert.All(routed, r => Assert.Contains(r, documented));
    }

    /// <summary>Values each parameter accepts, so that many requests pass validation and reach the database.</summary>
    private async Task<IReadOnlyDictionary<string, string[]>> ValidValuesAsync(HttpClient client)
    {
        var page = JsonDocument.Parse(await client.GetStringAsync("/api/v1/regions?parent=18&limit=2")).RootElement;
        var cursor = page.GetProperty("nextCursor").GetString()!;
        string[] codes = ["18", "18.71", "18.71.01", "ID", "18.99", "18.71.01.1003"];
        return new Dictionary<string, string[]>
        {
            ["code"] = codes, ["region"] = [.. codes, "18,18.71,18.01"], ["parent"] = codes,
            ["level"] = ["province", "regency", "district", "village"], ["measure"] = ["families", "persons"],
            ["format"] = ["json", "csv", "json-stat"], ["limit"] = ["1", "100", "1000", "5000"], ["cursor"] = [cursor],
            ["release"] = ["latest", release.ReleaseName], ["id"] = ["latest", release.ReleaseName], ["q"] = ["bandar", "lampung"],
        };
    }
}
