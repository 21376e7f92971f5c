using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Regsosek.Tests.Browser;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;
using Xunit.Abstractions;

namespace Regsosek.Tests.Fuzz;

/// <summary>
/// Every hostile value of <see cref="RawHostileInputs"/> in every parameter of every operation of the OpenAPI document
/// and in the path, written byte for byte on a TCP socket to Kestrel: what HttpClient and the in-memory test server
/// would have encoded, normalised or refused on the way reaches the server as an attacker sends it. Every answer is a
/// 4xx problem document (or a success), or the one documented exception, Kestrel's own empty 400 for a raw byte in
/// the request line; never a 5xx, never a stack trace; and no value ever becomes part of the SQL text.
/// </summary>
public sealed class RawSocketFuzzTests(RawSocketFuzzTests.Server server, ITestOutputHelper output) : IClassFixture<RawSocketFuzzTests.Server>
{
    private const string Marker = "zqrawfz";

    public sealed class Server : IAsyncLifetime
    {
        public StatisticsReleaseFixture Release { get; } = new();

        public KestrelApiFactory Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Release.InitializeAsync();
            Api = new KestrelApiFactory(await TestDatabase.GetAsync());
            Api.Start();
        }

        public Task DisposeAsync() => Api.DisposeAsync().AsTask();
    }

    private sealed record Case(string Where, RawInput Input, byte[] Target);

    private sealed record Outcome(Case Case, RawResponse Response, ActivityTraceId Trace);

    [Fact]
    public async Task Hostile_bytes_in_every_parameter_and_the_path_get_a_problem_or_kestrels_documented_400_and_never_reach_sql_text()
    {
        using var http = new HttpClient { BaseAddress = server.Api.BaseAddress };
        var operations = await Operation.ReadAllAsync(http);
        var cases = await CasesAsync(http, operations);
        output.WriteLine($"{cases.Count} requests over {operations.Count} operations and the path; marker '{Marker}'");

        using var sql = new SqlCommandRecorder();
        var clock = Stopwatch.StartNew();
        var outcomes = new List<Outcome>();
        foreach (var batch in cases.Chunk(4))
        {
            outcomes.AddRange(await Task.WhenAll(batch.Select(SendAsync)));
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");

        var verdicts = outcomes.Select(o => (o.Case, o.Response, Defect: Defect(o))).ToList();
        foreach (var byClass in verdicts.GroupBy(v => v.Case.Input.Class).OrderBy(g => g.Key))
        {
            output.WriteLine($"{byClass.Key}: {byClass.Count()} requests; " +
                             string.Join(", ", byClass.GroupBy(v => Kind(v.Response)).OrderBy(g => g.Key).Select(g => $"{g.Key} x {g.Count()}")));
        }
        var failures = verdicts.Where(v => v.Defect is not null).ToList();
        Assert.True(failures.Count == 0,
            $"{failures.Count} bad answers:\n{string.Join("\n", failures.Take(10).Select(f => $"{f.Defect} for {f.Case.Where} {f.Case.Input}: {f.Response}"))}");

        var commands = sql.Commands;
        var spliced = commands.Where(c => c.Sql.Contains(Marker, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(spliced.Count == 0, $"a request value is part of the SQL text:\n{string.Join("\n", spliced.Take(3).Select(c => c.Sql))}");
        var traces = outcomes.ToDictionary(o => o.Trace);
        var hostileWithSql = commands.Where(c => traces.ContainsKey(c.Trace)).Select(c => c.Trace).Distinct()
            .Count(t => traces[t].Case.Input.Bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker)) >= 0);
        output.WriteLine($"{hostileWithSql} requests carrying the marker ran SQL; none had it in the SQL text");
        // The property above means something only if hostile values did reach SQL commands, as parameters.
        Assert.True(hostileWithSql >= 20, $"only {hostileWithSql} requests with hostile values reached the database");
    }

    /// <summary>Each hostile value in each path parameter, each query parameter (cursors also get forged ones) and the path itself.</summary>
    private async Task<List<Case>> CasesAsync(HttpClient http, IReadOnlyList<Operation> operations)
    {
        var values = RawHostileInputs.Values(Marker);
        var regionsPage = JsonDocument.Parse(await http.GetStringAsync("/api/v1/regions?parent=18&limit=2")).RootElement;
        var statisticsPage = JsonDocument.Parse(await http.GetStringAsync(
            $"/api/v1/statistics/tiers?parent=18&limit=2&release={server.Release.ReleaseName}")).RootElement;
        var cursors = RawHostileInputs.Cursors(Marker, regionsPage.GetProperty("nextCursor").GetString()!, statisticsPage.GetProperty("nextCursor").GetString()!);
        var validPath = new Dictionary<string, string> { ["code"] = "18.71", ["id"] = server.Release.ReleaseName };

        byte[] PathWith(Operation operation, string? hostileParameter, byte[]? hostile)
        {
            var path = Encoding.ASCII.GetBytes(operation.Path);
            foreach (var parameter in operation.PathParameters)
            {
                var value = parameter == hostileParameter ? hostile! : Encoding.ASCII.GetBytes(validPath[parameter]);
                path = Replace(path, Encoding.ASCII.GetBytes("{" + parameter + "}"), value);
            }
            return path;
        }

        var cases = new List<Case>();
        foreach (var operation in operations)
        {
            foreach (var parameter in operation.PathParameters)
            {
                cases.AddRange(values.Select(v => new Case($"{operation.Path} {{{parameter}}}", v, PathWith(operation, parameter, v.Bytes))));
            }
            foreach (var parameter in operation.QueryParameters)
            {
                var path = PathWith(operation, null, null);
                var inputs = parameter == "cursor" ? [.. values, .. cursors] : values;
                cases.AddRange(inputs.Select(v => new Case($"{operation.Path} ?{parameter}=", v, [.. path, .. Encoding.ASCII.GetBytes($"?{parameter}="), .. v.Bytes])));
            }
        }
        string[] surfaces = ["/api/v1/{}", "/api/v{}/regions", "/{}", "/api/v1/regions/18/{}", "/explorer/{}", "/swagger/{}/swagger.json", "/problems/{}", "/health/{}"];
        foreach (var surface in surfaces)
        {
            cases.AddRange(values.Select(v => new Case($"path {surface}", v, Replace(Encoding.ASCII.GetBytes(surface), "{}"u8.ToArray(), v.Bytes))));
        }
        return cases;
    }

    private async Task<Outcome> SendAsync(Case fuzz)
    {
        var trace = ActivityTraceId.CreateRandom();
        var request = RawHttp.Get(fuzz.Target, "localhost", $"traceparent: 00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        return new Outcome(fuzz, await RawHttp.SendAsync(server.Api.BaseAddress, request, headOnlyUnlessError: true), trace);
    }

    /// <summary>Kestrel's own refusals have no body and no headers of ours: 400, or 505 when a line break cut the version off.</summary>
    private static string Kind(RawResponse response) =>
        response.Status is 400 or 505 && response.Body.Length == 0 && response.Header("Content-Type") is null
            ? $"{response.Status} (Kestrel)"
            : response.Status.ToString();

    /// <summary>Null when the answer is acceptable; otherwise what is wrong with it.</summary>
    private static string? Defect(Outcome outcome)
    {
        var (fuzz, response, _) = outcome;
        if (Kind(response).EndsWith("(Kestrel)", StringComparison.Ordinal))
        {
            // The documented exception: a raw byte Kestrel refuses in the request line, or a NUL in the decoded path.
            var nulInPath = Encoding.Latin1.GetString(fuzz.Target).Split('?')[0].Contains("%00", StringComparison.Ordinal);
            return fuzz.Input.HasByteKestrelRefuses || nulInPath ? null : $"Kestrel's empty {response.Status} where the API should have answered";
        }
        if (response.Status >= 500) return "a 5xx";
        if (response.Status < 400) return null;
        if (response.Header("Content-Type")?.StartsWith("application/problem+json", StringComparison.Ordinal) != true) return "not a problem document";
        var body = response.Text;
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)) return "leaks an exception";
        var type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString();
        return type?.StartsWith("/problems/", StringComparison.Ordinal) == true ? null : $"problem type {type}";
    }

    private static byte[] Replace(byte[] text, byte[] what, byte[] with)
    {
        var at = text.AsSpan().IndexOf(what);
        return at < 0 ? text : [.. text[..at], .. with, .. text[(at + what.Length)..]];
    }
}
