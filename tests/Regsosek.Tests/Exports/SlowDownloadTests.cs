using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using Regsosek.Tests.Browser;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;
using Xunit.Abstractions;

namespace Regsosek.Tests.Exports;

/// <summary>
/// A download of a bulk file holds no database connection: 60 slow readers of an export (a few KB/s each, far longer
/// than the test) all get their 200 from an API whose pool has 6 connections, while another client's API calls are
/// answered, readiness stays 200 and no API connection is busy in the database. On Kestrel, so slow reading is real
/// TCP backpressure. Before the files, each download streamed from the database on a pooled connection of its own.
/// </summary>
public sealed class SlowDownloadTests(StatisticsReleaseFixture release, ITestOutputHelper output) : IClassFixture<StatisticsReleaseFixture>
{
    private const int Readers = 60;

    [Fact]
    public async Task Sixty_slow_readers_of_an_export_hold_no_database_connection_while_other_calls_and_readiness_are_answered()
    {
        var database = await TestDatabase.GetAsync();
        await using var api = new KestrelApiFactory(database, new()
        {
            ["Database:MaxPoolSize"] = "6",
            ["ConcurrencyLimits:QueueSeconds"] = "1",
        });
        api.Start();
        using var others = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var export = $"/api/v1/releases/{release.ReleaseName}/exports/tiers.csv";
        string[] paths =
        [
            "/health/ready", "/api/v1/regions?q=bandar", $"/api/v1/statistics/tiers?region=18.71&release={release.ReleaseName}",
            $"/api/v1/regions/18/statistics?release={release.ReleaseName}", "/api/v1/releases",
        ];
        foreach (var path in paths.Append(export))
        {
            Assert.Equal(HttpStatusCode.OK, (await others.GetAsync(path)).StatusCode);
        }

        var readers = (await Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => SlowReader.StartAsync(api.BaseAddress, export, IPAddress.Loopback)))).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            while (readers.Count(r => r.Answered) < Readers && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
            var failures = new List<string>();
            for (var i = 0; i < 50; i++)
            {
                var path = paths[i % paths.Length];
                var response = await others.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{path}: {(int)response.StatusCode}");
                }
            }
            var busy = await BusyApiConnectionsAsync(database.Admin, new NpgsqlConnectionStringBuilder(database.Api).Username!);
            output.WriteLine($"{readers.Count(r => r.Answered)} of {Readers} slow readers answered " +
                             $"({string.Join(", ", readers.Where(r => r.Answered).GroupBy(r => r.Status).Select(g => $"{g.Count()} x {g.Key}"))}); " +
                             $"other calls not 200: {failures.Count}; API connections busy in the database: {busy}");

            Assert.All(readers, r => Assert.Equal(200, r.Status));
            Assert.Empty(failures);
            Assert.Equal(0, busy);
        }
        finally
        {
            await Task.WhenAll(readers.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Backends of the API's role doing anything but waiting in the pool (a streaming export is 'active' until read).</summary>
    private static async Task<int> BusyApiConnectionsAsync(string admin, string apiRole)
    {
        await using var connection = new NpgsqlConnection(admin);
        return await connection.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM pg_stat_activity
             WHERE usename = @apiRole AND datname = current_database() AND state <> 'idle'
            """, new { apiRole });
    }
}
