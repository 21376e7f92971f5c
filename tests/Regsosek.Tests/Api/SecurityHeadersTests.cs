using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SecurityHeadersTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient(new() { AllowAutoRedirect = false });

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [Theory]
    [InlineData("/api/v1/regions/18")]
    [InlineData("/api/v1/regions/18.1")]
    [InlineData("/api/v1/regions/99")]
    [InlineData("/api/v9/regions")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/swagger/index.html")]
    [InlineData("/problems/too-many-requests")]
    [InlineData("/")]
    [InlineData("/nowhere")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("cross-origin", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Theory]
    [InlineData("/api/v1/regions/18")]
    [InlineData("/api/v1/regions/18.1")]
    [InlineData("/api/v9/regions")]
    public async Task Api_responses_may_load_nothing_and_never_be_framed(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/swagger/index.html")]
    [InlineData("/health/live")]
    public async Task Pages_outside_the_api_keep_their_scripts(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Null(Header(response, "Content-Security-Policy"));
    }
}
