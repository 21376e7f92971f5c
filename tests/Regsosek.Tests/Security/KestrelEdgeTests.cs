using System.Text;
using System.Text.Json;
using Regsosek.Tests.Browser;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Security;

/// <summary>
/// What the real server answers on a socket, byte for byte. Most refusals are the API's own problem documents; a few
/// requests Kestrel refuses itself while parsing, before any middleware runs, with an empty body and no headers of
/// ours. Those are the documented exceptions (README, docs/RELIABILITY.md); this test keeps that list true.
/// </summary>
public sealed class KestrelEdgeTests(KestrelEdgeTests.Server server, ITestOutputHelper output) : IClassFixture<KestrelEdgeTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public KestrelApiFactory Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Api = new KestrelApiFactory(await TestDatabase.GetAsync());
            Api.Start();
        }

        public Task DisposeAsync() => Api.DisposeAsync().AsTask();
    }

    private Task<RawResponse> SendAsync(byte[] request) => RawHttp.SendAsync(server.Api.BaseAddress, request);

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Each case: what is sent, and the bare status Kestrel answers it with.</summary>
    public static TheoryData<string, byte[], int> RefusedByKestrel() => new()
    {
        { "raw non-ASCII (UTF-8 é) in the path", RawHttp.Get([.. Bytes("/api/v1/regions/"), 0xC3, 0xA9]), 400 },
        { "raw non-ASCII in the query", RawHttp.Get([.. Bytes("/api/v1/regions?q="), 0xC3, 0xA9]), 400 },
        { "a raw byte 0xFF in the query", RawHttp.Get([.. Bytes("/api/v1/regions?q="), 0xFF]), 400 },
        { "raw NUL in the query", RawHttp.Get([.. Bytes("/api/v1/regions?q=a"), 0x00, .. Bytes("b")]), 400 },
        { "percent-encoded NUL in the path", RawHttp.Get("/api/v1/regions/18%00"), 400 },
        { "a control character in the Host header", RawHttp.Get("/health/live", "ev\u0001il"), 400 },
        { "an absolute target naming another host than Host", RawHttp.Get("http://evil.example/health/live"), 400 },
        { "no Host header in HTTP/1.1", Bytes("GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n"), 400 },
        { "CONNECT", RawHttp.Request("CONNECT", Bytes("localhost:80")), 400 },
        { "a TLS handshake on the plain port", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A], 400 },
        { "a raw line break in the target, which cuts the version off", RawHttp.Get([.. Bytes("/explorer/"), 0x0D, 0x0A, .. Bytes("x")]), 505 },
        { "HTTP/2.0 in the request line", Bytes("GET /health/live HTTP/2.0\r\nHost: localhost\r\n\r\n"), 505 },
        { "a request line over 64 KiB", RawHttp.Get("/api/v1/regions?q=" + new string('a', 70_000)), 414 },
        { "request headers over 32 KiB", RawHttp.Get("/health/live", "localhost", "X-Padding: " + new string('a', 40_000)), 431 },
    };

    [Theory]
    [MemberData(nameof(RefusedByKestrel))]
    public async Task Kestrel_refuses_these_itself_with_an_empty_answer(string what, byte[] request, int status)
    {
        var response = await SendAsync(request);
        output.WriteLine($"{what}: {response}");

        Assert.Equal(status, response.Status);
        Assert.Equal("0", response.Header("Content-Length"));
        Assert.Empty(response.Body);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Null(response.Header("Content-Type"));
        Assert.Null(response.Header("Server"));
    }

    [Theory]
    [InlineData(4_097)]
    [InlineData(10_000)]
    [InlineData(60_000)]
    public async Task Urls_up_to_kestrels_raised_request_line_limit_get_the_uri_too_long_problem(int queryLength)
    {
        var response = await SendAsync(RawHttp.Get("/api/v1/regions?q=" + new string('a', queryLength)));

        AssertProblem(response, 414, "/problems/uri-too-long");
    }

    [Fact]
    public async Task Another_host_gets_the_invalid_host_problem_and_no_redirect()
    {
        var response = await SendAsync(RawHttp.Get("/explorer", "evil.example"));

        AssertProblem(response, 400, "/problems/invalid-host");
        Assert.Null(response.Header("Location"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("TRACE", "/health/live")]
    [InlineData("POST", "/health/ready")]
    [InlineData("DELETE", "/swagger/v1/swagger.json")]
    [InlineData("PUT", "/explorer/")]
    public async Task Methods_other_than_get_get_the_method_not_allowed_problem_on_the_wire(string method, string path)
    {
        var response = await SendAsync(RawHttp.Request(method, Bytes(path), "localhost", "Content-Length: 0"));

        AssertProblem(response, 405, "/problems/method-not-allowed");
        Assert.Equal("GET, HEAD", response.Header("Allow"));
    }

    [Fact]
    public async Task Answers_do_not_name_the_server_software()
    {
        var response = await SendAsync(RawHttp.Get("/api/v1/regions/18"));

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("Server"));
    }

    private static void AssertProblem(RawResponse response, int status, string type)
    {
        Assert.True(status == response.Status, response.ToString());
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"));
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal("DENY", response.Header("X-Frame-Options"));
    }
}
