using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Regsosek.Api.Statistics;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// What a statistics call costs the database when it must read it (rows not in memory: a release larger than the row
/// cache, cold rows): the statements one call sends, counted from Npgsql's own activities, one per command. A
/// regression (a parent check or a count in a statement of its own again) fails here, not only in bench/api.sh.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StatementCountTests : IClassFixture<StatisticsReleaseFixture>, IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _statements = new();
    private readonly ActivityListener _listener;
    private readonly WebApplicationFactory<Program> _api;

    public StatementCountTests(ApiFactory factory, StatisticsReleaseFixture release)
    {
        _release = release;
        // Listening before the host starts: Npgsql decides whether to trace a connection's commands as it opens it.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests run at the same time in this process: only commands in a trace this test made count.
                if (activity.Source.Name == "Npgsql" && activity.GetTagItem("db.query.text") is string sql
                    && _statements.TryGetValue(activity.TraceId, out var statements))
                {
                    statements.Enqueue(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _api = factory.WithSettings(new()
        {
            // No row cache: every call the output cache does not answer reads its rows from the database. (The output
            // cache's setting is read before a test host's settings apply; the calls below differ in Accept instead.)
            [PublishedRowCache.SettingKey] = "0",
            // Published releases are read once and then answered from memory (ReleaseStore): the count is of a call
            // after that, as nearly every call is. An hour outlives any test run, so no call here reads them again.
            ["Releases:CacheSeconds"] = "3600",
        });
    }

    private readonly StatisticsReleaseFixture _release;

    public void Dispose()
    {
        _api.Dispose();
        _listener.Dispose();
    }

    /// <summary>Statements the API sent to PostgreSQL while answering <paramref name="url"/>, by their SQL.</summary>
    private async Task<(HttpStatusCode Status, IReadOnlyList<string> Statements)> StatementsOfAsync(HttpClient client, string url)
    {
        var trace = ActivityTraceId.CreateRandom();
        var statements = _statements.GetOrAdd(trace, _ => new ConcurrentQueue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        // The output cache varies by Accept: with it, this call is not the entry an earlier call without it made.
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, statements.ToList());
    }

    private async Task<IReadOnlyList<string>> StatementsOfAsync(string path)
    {
        using var client = _api.CreateClient();
        // The first call reads the published releases; the next are answered from memory.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{path}&release={_release.ReleaseName}")).StatusCode);
        var (status, statements) = await StatementsOfAsync(client, $"{path}&release={_release.ReleaseName}");
        Assert.Equal(HttpStatusCode.OK, status);
        return statements;
    }

    [Fact]
    public async Task Listed_regions_read_from_the_database_cost_one_statement()
    {
        Assert.Single(await StatementsOfAsync("/api/v1/statistics/tiers?region=18.71,18"));
    }

    [Fact]
    public async Task A_page_below_a_parent_with_its_parent_check_and_total_costs_one_statement()
    {
        Assert.Single(await StatementsOfAsync("/api/v1/statistics/tiers?parent=18.71&level=district&limit=2"));
    }

    [Fact]
    public async Task A_page_of_a_level_of_all_Indonesia_with_its_total_costs_one_statement()
    {
        Assert.Single(await StatementsOfAsync("/api/v1/statistics/deciles?level=province&limit=3"));
    }

    [Fact]
    public async Task The_statements_are_seen_at_all_so_a_count_of_one_can_fail()
    {
        // Without this, a listener that saw nothing would make every count above fail as "empty", not pass: here the
        // counter is shown to see a statement the API certainly sends (the releases, read on the host's first call).
        using var client = _api.CreateClient();
        var (status, statements) = await StatementsOfAsync(client, $"/api/v1/statistics/tiers?region=18&release={_release.ReleaseName}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(statements, sql => sql.Contains("stats.published_release", StringComparison.Ordinal));
    }
}
