using System.Diagnostics;
using System.Net;
using Npgsql;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Faults;

/// <summary>
/// More requests than pooled connections, each stuck on the database: requests wait a bounded time for a connection
/// (Database:ConnectionTimeoutSeconds) or for an answer (Database:CommandTimeoutSeconds), then get 503; nothing queues forever.
/// </summary>
[Collection(OwnPostgresCollection.Name)]
public sealed class PoolExhaustionTests(OwnPostgresFixture database, ITestOutputHelper output)
{
    private const int ConcurrentRequests = 8;
    private const int PoolWaitSeconds = 1;
    private const int CommandTimeoutSeconds = 2;

    [Fact]
    public async Task An_exhausted_pool_answers_503_within_the_configured_bounds_and_serves_again_once_freed()
    {
        await database.Server.EnsureRunningAsync();
        await using var api = new IsolatedApi(database.Api, new()
        {
            ["Database:MaxPoolSize"] = "1",
            ["Database:ConnectionTimeoutSeconds"] = PoolWaitSeconds.ToString(),
            ["Database:CommandTimeoutSeconds"] = CommandTimeoutSeconds.ToString(),
        });
        using var client = api.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        const string url = "/api/v1/regions/18/children";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        // The admin holds the region table, so the one pooled connection is stuck in a query and every other request waits for it.
        await using var blocker = new NpgsqlConnection(database.Admin);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRegions = new NpgsqlCommand("LOCK TABLE region IN ACCESS EXCLUSIVE MODE", blocker, hold))
        {
            await lockRegions.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, ConcurrentRequests).Select(async _ =>
        {
            var started = clock.Elapsed;
            using var response = await client.GetAsync(url);
            return (Response: response, Seconds: (clock.Elapsed - started).TotalSeconds, Body: await response.Content.ReadAsStringAsync());
        }));
        await hold.RollbackAsync();

        output.WriteLine($"{ConcurrentRequests} requests on a pool of 1 (wait {PoolWaitSeconds} s, command timeout {CommandTimeoutSeconds} s): " +
                         string.Join(", ", answers.Select(a => $"{(int)a.Response.StatusCode} in {a.Seconds:F2} s")));
        // One request may wait for the pool and then for its command: both bounds, plus slack for a loaded machine.
        var bound = PoolWaitSeconds + CommandTimeoutSeconds + 3;
        Assert.All(answers, a =>
        {
            Assert.True(a.Response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)a.Response.StatusCode}: {a.Body}");
            Assert.Equal("application/problem+json", a.Response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("/problems/service-unavailable", a.Body);
            Assert.NotNull(a.Response.Headers.RetryAfter?.Delta);
            Assert.True(a.Seconds < bound, $"answered after {a.Seconds:F2} s; bound {bound} s");
        });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }
}
