using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Faults;

/// <summary>
/// The database crashes while clients are being served: they get 503 problems with Retry-After (never a 500, never a
/// hang), readiness says unhealthy, and once the database is back the API serves again by itself.
/// </summary>
[Collection(OwnPostgresCollection.Name)]
public sealed class DatabaseOutageTests(OwnPostgresFixture database, ITestOutputHelper output)
{
    private const int Workers = 6;
    private static readonly TimeSpan ClientBound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LatencyBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);

    private static readonly string[] Urls =
    [
        "/api/v1/regions/18/children", "/api/v1/regions/18.71", "/api/v1/regions?level=province", "/api/v1/regions?q=bandar",
    ];

    [Fact]
    public async Task Stopping_the_database_under_load_gives_503_problems_with_retry_after_and_the_api_recovers_by_itself()
    {
        await database.Server.EnsureRunningAsync();
        await using var api = new IsolatedApi(database.Api, new() { ["Database:ConnectionTimeoutSeconds"] = "2" });
        using var client = api.CreateClient();
        client.Timeout = ClientBound;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var outcomes = new ConcurrentQueue<Outcome>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(w => LoadAsync(client, w, outcomes, stopLoad.Token)).ToArray();

        // The load is under way once each worker could have had an answer; then the database goes, mid-traffic.
        await Eventually.HoldsAsync(() => outcomes.Count(o => o.Status == 200) >= Workers, ClientBound);
        var stopping = DateTime.UtcNow;
        await database.Server.StopImmediatelyAsync();
        // The outage is under way once a request sent after the stop has been answered and readiness has noticed.
        await Eventually.HoldsAsync(() => outcomes.Any(o => o.Started >= stopping), ClientBound);
        HttpResponseMessage readinessDown = null!;
        await Eventually.HoldsAsync(async () => (readinessDown = await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK, ClientBound);

        var restarting = DateTime.UtcNow;
        await database.Server.StartServerAsync();
        var accepting = DateTime.UtcNow;
        var recovered = await FirstSuccessAsync(client, Urls[0], RecoveryBound);
        // Every worker has sent a request after the first success (or the bound passed: the asserts below say why).
        await Eventually.HoldsAsync(() => outcomes.Count(o => o.Started > recovered) >= Workers, RecoveryBound);
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        var readinessUp = await client.GetAsync("/health/ready");

        var all = outcomes.ToList();
        var during = all.Where(o => o.Started >= stopping && o.Started < accepting).ToList();
        output.WriteLine($"requests: {all.Count}; by status: {string.Join(", ", all.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}");
        output.WriteLine($"during the outage: {during.Count} requests, slowest {Slowest(during):F0} ms; slowest overall {Slowest(all):F0} ms");
        output.WriteLine($"server down to up (pg_ctl start -w): {(accepting - restarting).TotalSeconds:F2} s; accepting to first 200: " +
                         (recovered is null ? "never" : $"{(recovered.Value - accepting).TotalSeconds:F2} s"));

        var odd = all.Where(o => o.Status is not (200 or 503)).ToList();
        Assert.True(odd.Count == 0, $"only 200 and 503 are expected, got: {string.Join("; ", odd.Take(5))}");
        Assert.True(all.All(o => o.Elapsed < LatencyBound), $"slowest request took {Slowest(all):F0} ms; bound {LatencyBound.TotalMilliseconds} ms");
        var unavailable = all.Where(o => o.Status == 503).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, AssertServiceUnavailableProblem);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readinessDown.StatusCode);

        Assert.True(recovered is not null, $"no 200 within {RecoveryBound.TotalSeconds} s after the database accepted connections again");
        var afterRecovery = all.Where(o => o.Started > recovered).ToList();
        Assert.NotEmpty(afterRecovery);
        Assert.All(afterRecovery, o => Assert.Equal(200, o.Status));
        Assert.Equal(HttpStatusCode.OK, readinessUp.StatusCode);
    }

    /// <summary>
    /// Without traffic during the outage the pool still holds connections to the old server process, and Npgsql finds a
    /// dead one only by failing a request on it. It then drops every idle connection, which the API relies on instead of
    /// clearing the pool itself, and the failed request is read again on a fresh connection (UseRegsosekDatabaseRetry):
    /// no request fails after a restart (without the second read the first one was a 503).
    /// </summary>
    [Fact]
    public async Task After_a_restart_without_traffic_no_request_fails()
    {
        const int Idle = 5;
        await database.Server.EnsureRunningAsync();
        await using var api = new IsolatedApi(database.Api);
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Urls[0])).StatusCode);
        var pool = api.Services.GetRequiredService<NpgsqlDataSource>();
        var opened = new List<NpgsqlConnection>();
        for (var i = 0; i < Idle; i++) opened.Add(await pool.OpenConnectionAsync());
        foreach (var connection in opened) await connection.DisposeAsync();

        await database.Server.StopImmediatelyAsync();
        await database.Server.StartServerAsync();
        var statuses = new List<int>();
        for (var i = 0; i < Idle + 3; i++)
        {
            using var response = await client.GetAsync(Urls[0]);
            statuses.Add((int)response.StatusCode);
        }

        output.WriteLine($"{Idle} idle pooled connections across a restart; then: {string.Join(", ", statuses)}");
        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    private static void AssertServiceUnavailableProblem(Outcome outcome)
    {
        Assert.Equal("application/problem+json", outcome.ContentType);
        Assert.Equal(DatabaseUnavailableExceptionHandler.RetryAfterSeconds.ToString(), outcome.RetryAfter);
        var problem = JsonDocument.Parse(outcome.Body).RootElement;
        Assert.Equal("/problems/service-unavailable", problem.GetProperty("type").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        foreach (var leak in new[] { "Npgsql", "Exception", "   at ", "127.0.0.1", "Password", "SQLSTATE" })
        {
            Assert.DoesNotContain(leak, outcome.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task LoadAsync(HttpClient client, int worker, ConcurrentQueue<Outcome> outcomes, CancellationToken stop)
    {
        for (var i = worker; !stop.IsCancellationRequested; i++)
        {
            var url = Urls[i % Urls.Length];
            var started = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            try
            {
                // The stop token is not passed on: a request in flight finishes and is judged like the others.
                using var response = await client.GetAsync(url, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                outcomes.Enqueue(new Outcome(url, started, clock.Elapsed, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                    response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(), body));
            }
            catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
            {
                outcomes.Enqueue(new Outcome(url, started, clock.Elapsed, 0, null, null, e.GetType().Name + ": " + e.Message));
            }
            // A pause keeps the load bounded on a shared machine; six workers still keep requests in flight at the crash.
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static async Task<DateTime?> FirstSuccessAsync(HttpClient client, string url, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK) return DateTime.UtcNow;
            await Task.Delay(50);
        }
        return null;
    }

    private static double Slowest(IEnumerable<Outcome> outcomes) => outcomes.Select(o => o.Elapsed.TotalMilliseconds).DefaultIfEmpty().Max();

    private sealed record Outcome(string Url, DateTime Started, TimeSpan Elapsed, int Status, string? ContentType, string? RetryAfter, string Body)
    {
        public override string ToString() => $"{Status} {Url} after {Elapsed.TotalMilliseconds:F0} ms: {Body[..Math.Min(Body.Length, 200)]}";
    }
}
