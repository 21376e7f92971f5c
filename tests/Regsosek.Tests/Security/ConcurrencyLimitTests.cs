using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Regsosek.Tests.Browser;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;
using Xunit.Abstractions;

namespace Regsosek.Tests.Security;

/// <summary>
/// No client can take every database connection or every slot: one address with 50 slow readers of an export (a file
/// from disk, but a request in progress for as long as its reader takes) gets 8 in progress and 429 for the rest, while other
/// addresses are answered within <see cref="OthersBound"/> and readiness stays 200. On Kestrel, so that each client has
/// an address of its own (127.0.0.x) and slow reading is real TCP backpressure. In the api collection for its release
/// (<see cref="StatisticsReleaseFixture"/>), not for the collection's host: it starts Kestrel hosts of its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrencyLimitTests(StatisticsReleaseFixture release, ITestOutputHelper output)
{
    /// <summary>The bound other clients' answers stay within (p99) while one address floods. Without the limits they wait the
    /// pool's 5 s for a connection and get 503, and readiness fails.</summary>
    private static readonly TimeSpan OthersBound = TimeSpan.FromSeconds(1);

    private const int PoolSize = 20;
    private const int PerClient = 8;
    private const int PerClientQueue = 4;

    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.1");

    private string ExportPath => $"/api/v1/releases/{release.ReleaseName}/exports/tiers.csv";

    /// <summary>A large page (5,000 villages, about 4 MB of JSON) read from the database: it counts against the pool-sized global bound, which a download of a
    /// stored file (an export) does not (SlowDownloadTests).</summary>
    // Lampung's villages, all covered: 1.4 MB, far more than the socket buffers hold, so a slow reader keeps its slot.
    private string VillagesPath => $"/api/v1/statistics/deciles?parent=18&level=village&limit=5000&release={release.ReleaseName}";

    private static async Task<KestrelApiFactory> StartAsync(Dictionary<string, string?> settings)
    {
        var api = new KestrelApiFactory(await TestDatabase.GetAsync(), settings);
        api.Start();
        return api;
    }

    /// <summary>An HttpClient whose connections come from <paramref name="from"/>, a client address of its own.</summary>
    private static HttpClient ClientFrom(IPAddress from, Uri server) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<List<SlowReader>> FloodAsync(Uri server, string path, IPAddress from, int readers) =>
        [.. await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => SlowReader.StartAsync(server, path, from)))];

    private static async Task WaitForAnswersAsync(IReadOnlyList<SlowReader> readers, int expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (readers.Count(r => r.Answered) < expected && deadline.Elapsed < timeout)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Fifty_slow_readers_from_one_address_get_eight_slots_while_other_clients_and_readiness_are_answered_within_a_second()
    {
        await using var api = await StartAsync(new()
        {
            ["Database:MaxPoolSize"] = PoolSize.ToString(),
            ["ConcurrencyLimits:PerClient"] = PerClient.ToString(),
            ["ConcurrencyLimits:PerClientQueue"] = PerClientQueue.ToString(),
        });
        using var others = ClientFrom(IPAddress.Parse("127.0.0.2"), api.BaseAddress);
        string[] paths =
        [
            "/health/ready", "/api/v1/regions?q=bandar", $"/api/v1/statistics/tiers?region=18.71&release={release.ReleaseName}",
            $"/api/v1/regions/18/statistics?release={release.ReleaseName}", "/api/v1/regions/18.71/children", "/api/v1/releases",
        ];
        // Each once before: the bound is about waiting for a slot or a connection, not a cold start (JIT, first query plans).
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await others.GetAsync(path)).StatusCode);
        }

        var flood = await FloodAsync(api.BaseAddress, ExportPath, Attacker, 50);
        try
        {
            // The queued ones are refused once their wait (5 s) runs out; the eight in progress stay, reading slowly.
            await WaitForAnswersAsync(flood, 50, TimeSpan.FromSeconds(30));
            var statuses = flood.Where(r => r.Answered).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"one address, 50 slow readers of the export: {string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}"))}");

            var timed = new List<(string Path, TimeSpan Latency)>();
            var failures = new List<string>();
            for (var i = 0; i < 120; i++)
            {
                var path = paths[i % paths.Length];
                var clock = Stopwatch.StartNew();
                var response = await others.GetAsync(path);
                timed.Add((path, clock.Elapsed));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{path}: {(int)response.StatusCode}");
                }
            }
            var latencies = timed.Select(t => t.Latency).Order().ToList();
            var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
            output.WriteLine($"another address meanwhile: {latencies.Count} requests, {failures.Count} not 200; " +
                             $"p50 {latencies[latencies.Count / 2].TotalMilliseconds:F0} ms, p99 {p99.TotalMilliseconds:F0} ms, max {latencies[^1].TotalMilliseconds:F0} ms; " +
                             $"slowest: {string.Join(", ", timed.OrderByDescending(t => t.Latency).Take(3).Select(t => $"{t.Path} {t.Latency.TotalMilliseconds:F0} ms"))}");

            Assert.Equal(50, flood.Count(r => r.Answered));
            Assert.Equal(PerClient, statuses.GetValueOrDefault(200));
            Assert.Equal(50 - PerClient, statuses.GetValueOrDefault(429));
            var refused = await flood.First(r => r.Status == 429).Head;
            Assert.Contains("Retry-After: 1", refused);
            Assert.Contains("application/problem+json", refused);
            Assert.Empty(failures);
            Assert.True(p99 < OthersBound, $"p99 {p99.TotalMilliseconds:F0} ms");
        }
        finally
        {
            await Task.WhenAll(flood.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task All_clients_together_stay_below_the_pool_so_readiness_still_finds_a_connection()
    {
        // Pool 12: at most 7 requests in progress at once (12 less the 5 kept back), however many clients there are.
        await using var api = await StartAsync(new()
        {
            ["Database:MaxPoolSize"] = "12",
            ["ConcurrencyLimits:PerClient"] = "3",
            ["ConcurrencyLimits:PerClientQueue"] = "0",
            // No global queue: a queued request waits for a slot that a finished request frees, and which of twelve
            // slow reads of a 2.6 MB page finishes within the wait depends on the kernel's socket buffers, not on us.
            ["ConcurrencyLimits:GlobalQueue"] = "0",
            // Twelve identical requests would otherwise wait on the output cache for the first one's slow read.
            ["OutputCache:Enabled"] = "false",
            ["ConcurrencyLimits:QueueSeconds"] = "1",
        });
        var flood = new List<SlowReader>();
        try
        {
            for (var client = 3; client <= 6; client++)
            {
                flood.AddRange(await FloodAsync(api.BaseAddress, VillagesPath, IPAddress.Parse($"127.0.0.{client}"), 3));
            }
            await WaitForAnswersAsync(flood, 12, TimeSpan.FromSeconds(30));
            using var probe = ClientFrom(IPAddress.Parse("127.0.0.2"), api.BaseAddress);
            var ready = await probe.GetAsync("/health/ready");
            var statuses = flood.Where(r => r.Answered).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"four addresses, three slow readers each: {string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}"))}; readiness {(int)ready.StatusCode}");

            Assert.Equal(12, flood.Count(r => r.Answered));
            Assert.Equal(7, statuses.GetValueOrDefault(200));
            Assert.Equal(5, statuses.GetValueOrDefault(503));
            Assert.Contains("Retry-After: 1", await flood.First(r => r.Status == 503).Head);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await Task.WhenAll(flood.Select(r => r.DisposeAsync().AsTask()));
        }
    }
}
