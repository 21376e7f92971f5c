using Regsosek.Api.Infrastructure;

namespace Regsosek.Tests.Api;

/// <summary>What the request log keeps of a query string; the log line itself is in RequestLoggingTests.</summary>
public sealed class QueryRedactionTests
{
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
