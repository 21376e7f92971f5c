using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Pipeline.Regions;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Security;

/// <summary>Requests beyond the size the API serves get a problem (or Kestrel's own 414), never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLimitTests(ApiFactory factory, ITestOutputHelper output)
{
    private const int MaxUrlLength = 4096;

    [Fact]
    public async Task An_overlong_query_gets_a_414_problem_that_says_what_to_do_instead()
    {
        var url = "/api/v1/statistics/tiers?region=" + string.Join(',', Enumerable.Repeat("18.71.01.1003", 400));

        var response = await factory.CreateClient().GetAsync(url);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong, "/problems/uri-too-long");
        Assert.Equal(MaxUrlLength, problem.GetProperty("maxLength").GetInt32());
        Assert.Contains("region", problem.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task The_longest_legitimate_request_200_village_codes_is_within_the_limit()
    {
        await using var db = NpgsqlDataSource.Create(factory.Database.Admin);
        var villages = (await VillageCodes.ListAsync(db, within: null, CancellationToken.None)).TakeLast(200).Reverse();
        var url = "/api/v1/statistics/tiers?release=latest&measure=persons&format=json-stat&region=" + Uri.EscapeDataString(string.Join(',', villages));
        Assert.InRange(url.Length, 3000, MaxUrlLength);

        var response = await factory.CreateClient().GetAsync(url);

        Assert.NotEqual(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
    }

    /// <summary>
    /// On the real server: up to Kestrel's 8 KiB request line the API's own problem answers; beyond it Kestrel refuses
    /// the request line itself with a bare 414, before any middleware. Either way a client error, never a 500.
    /// </summary>
    [Fact]
    public async Task On_kestrel_long_urls_get_414_from_the_api_and_very_long_ones_414_from_kestrel()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Regsosek.Api.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                [$"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"] = factory.Database.Api,
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        using var api = Process.Start(start)!;
        var stdout = api.StandardOutput.ReadToEndAsync();
        var stderr = api.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilLiveAsync(client, api);

            var withinKestrel = await client.GetAsync("/api/v1/regions?q=" + new string('a', 6000));
            await withinKestrel.AssertProblemAsync(HttpStatusCode.RequestUriTooLong, "/problems/uri-too-long");

            var beyondKestrel = await client.GetAsync("/api/v1/regions?q=" + new string('a', 10_000));
            output.WriteLine($"6,000-character query: {(int)withinKestrel.StatusCode} {withinKestrel.Content.Headers.ContentType}; " +
                             $"10,000: {(int)beyondKestrel.StatusCode} {beyondKestrel.Content.Headers.ContentType?.ToString() ?? "(no body)"}");
            Assert.Equal(HttpStatusCode.RequestUriTooLong, beyondKestrel.StatusCode);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }
        Assert.DoesNotContain("   at ", await stdout + await stderr);
    }

    private static async Task WaitUntilLiveAsync(HttpClient client, Process api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(api.HasExited, $"the API exited with {(api.HasExited ? api.ExitCode : 0)}");
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        Assert.Fail("the API did not start listening within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
