using System.Net;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Security;

/// <summary>
/// A Host header the service does not answer to gets a 400 problem, so nothing built from it (a redirect, a link) can be
/// cached for other clients; and no redirect is built from the Host anyway.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AllowedHostsTests(ApiFactory factory)
{
    private const string EvilHost = "evil.example";

    private static HttpRequestMessage Get(string path, string host) => new(HttpMethod.Get, path) { Headers = { Host = host } };

    [Theory]
    [InlineData("/explorer")]
    [InlineData("/explorer/")]
    [InlineData("/")]
    [InlineData("/swagger")]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/api/v1/regions/18")]
    [InlineData("/api/v1/releases/latest")]
    [InlineData("/health/live")]
    [InlineData("/problems/not-found")]
    [InlineData("/nowhere")]
    public async Task Another_host_gets_the_invalid_host_problem_with_the_security_headers(string path)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.SendAsync(Get(path, EvilHost));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-host");
        Assert.DoesNotContain(EvilHost, problem.ToString());
        Assert.Null(response.Headers.Location);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("[::1]:8080")]
    public async Task The_embedded_runs_hosts_are_answered_on_any_port(string host)
    {
        var response = await factory.CreateClient().SendAsync(Get("/api/v1/regions/18", host));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Configured_hosts_replace_the_defaults_and_may_use_wildcards()
    {
        using var deployed = factory.WithSettings(new() { ["AllowedHosts"] = "statistik.example.go.id;*.regsosek.example" });
        var client = deployed.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get("/health/live", "statistik.example.go.id"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get("/health/live", "api.regsosek.example"))).StatusCode);
        await (await client.SendAsync(Get("/health/live", "localhost"))).AssertProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-host");
    }

    /// <summary>Even where every host is allowed (AllowedHosts=*), a redirect never repeats the Host it was sent.</summary>
    [Fact]
    public async Task Every_redirect_is_relative()
    {
        using var anyHost = factory.WithSettings(new() { ["AllowedHosts"] = "*" });
        var client = anyHost.CreateClient(new() { AllowAutoRedirect = false });
        (string Path, string Location)[] redirects =
        [
            ("/", "/swagger"), ("/explorer", "/explorer/"), ("/EXPLORER?release=latest", "/explorer/?release=latest"),
            ("/swagger", "swagger/index.html"), ("/swagger/", "index.html"),
        ];

        foreach (var (path, location) in redirects)
        {
            var response = await client.SendAsync(Get(path, EvilHost));

            Assert.InRange((int)response.StatusCode, 300, 399);
            Assert.False(response.Headers.Location!.IsAbsoluteUri, $"{path}: {response.Headers.Location.OriginalString}");
            Assert.Equal(location, response.Headers.Location.OriginalString);
        }
    }
}
