using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Regsosek.Api.Infrastructure;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RequestLoggingTests(ApiFactory factory) : IDisposable
{
    private readonly LogCapture _log = new();
    private WebApplicationFactory<Program>? _logged;

    private HttpClient Client => (_logged ??= factory.WithLogCapture(_log)).CreateClient();

    public void Dispose() => _logged?.Dispose();

    private Task<IReadOnlyList<CapturedLog>> RequestLinesAsync(string path) =>
        _log.WaitForAsync(e => e.Category == "Regsosek.Api.Requests" && (string?)e["Path"] == path);

    [Fact]
    public async Task Each_request_is_logged_once_with_method_path_query_status_and_elapsed_time()
    {
        var response = await Client.GetAsync("/api/v1/regions/18/children?limit=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(await RequestLinesAsync("/api/v1/regions/18/children"));
        Assert.Equal("GET", line["Method"]);
        Assert.Equal("?limit=5", line["Query"]);
        Assert.Equal(200, line["StatusCode"]);
        Assert.InRange((double)line["ElapsedMs"]!, 0, 60_000);
        Assert.StartsWith("GET /api/v1/regions/18/children?limit=5 -> 200 in ", line.Message);
    }

    [Fact]
    public async Task A_head_request_is_logged_as_head()
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, "/api/v1/regions/18.71");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(head)).StatusCode);
        Assert.Equal("HEAD", Assert.Single(await RequestLinesAsync("/api/v1/regions/18.71"))["Method"]);
    }

    [Fact]
    public async Task A_problem_is_logged_with_the_status_the_client_received()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/v1/regions/99")).StatusCode);
        Assert.Equal(404, Assert.Single(await RequestLinesAsync("/api/v1/regions/99"))["StatusCode"]);
    }

    [Fact]
    public async Task Secret_looking_query_values_are_logged_as_stars_and_everything_else_as_sent()
    {
        var response = await Client.GetAsync("/api/v1/regions?parent=18&api_key=hunter2&Access-Token=t0ken&limit=5&X-Amz-Signature=s1g&password=pw&q=Bandar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(await RequestLinesAsync("/api/v1/regions"));
        Assert.Equal("?parent=18&api_key=***&Access-Token=***&limit=5&X-Amz-Signature=***&password=***&q=Bandar", line["Query"]);
        foreach (var secret in new[] { "hunter2", "t0ken", "s1g", "=pw" })
        {
            Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("?code=18.71&level=village", "?code=18.71&level=village")]
    [InlineData("?q=token", "?q=token")]
    [InlineData("?api%5Fkey=x&api+KEY=y", "?api%5Fkey=***&api+KEY=***")]
    [InlineData("?Authorization=Bearer%20abc&author=x", "?Authorization=***&author=***")]
    [InlineData("?secret&client_secret=&a==b", "?secret&client_secret=***&a==b")]
    public void Query_redaction_hides_only_values_of_parameters_named_like_credentials(string query, string logged) =>
        Assert.Equal(logged, RequestLoggingExtensions.RedactQuery(query));

    [Theory]
    [InlineData("?region=18.71&release=2026-q1")]
    [InlineData("?parent=18&level=district&limit=5&cursor=azE6MTguNzE")]
    public void A_query_no_name_of_which_can_look_like_a_credential_is_logged_as_it_came_without_being_copied(string query) =>
        Assert.Same(query, RequestLoggingExtensions.RedactQuery(query));

    [Theory]
    [InlineData("?a&&b")]
    [InlineData("?a=1&")]
    [InlineData("?&a=1")]
    [InlineData("?q=Bandar%20Lampung")]
    [InlineData("?q=a+b")]
    public void Queries_with_empty_pairs_or_encoded_text_but_no_credential_are_logged_unchanged(string query) =>
        Assert.Equal(query, RequestLoggingExtensions.RedactQuery(query));
}
