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
}
