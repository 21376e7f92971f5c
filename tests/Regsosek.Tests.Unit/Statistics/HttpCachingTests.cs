using Microsoft.AspNetCore.Http;
using Regsosek.Api.Infrastructure;
using Regsosek.Data.Statistics;

namespace Regsosek.Tests.Statistics;

public sealed class HttpCachingTests
{
    private static ReleaseInfo Release(int id, double changedShare) =>
        new(id, "r", "2022", "", new DateTime(2026, 1, 1), true, "idn-area-data", "4.0.1", changedShare, 1.2, 0.8, 1.9, true, 0.04, -0.01);

    private static string ETagFor(ReleaseInfo release, string query = "?region=18")
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/v1/statistics/tiers";
        http.Request.QueryString = new QueryString(query);
        HttpCaching.IsNotModified(http, release, releasePinned: true, "Json");
        return http.Response.Headers.ETag.ToString();
    }

    [Fact]
    public void The_etag_depends_on_release_and_request_and_on_nothing_published()
    {
        Assert.Equal(ETagFor(Release(7, 0.5)), ETagFor(Release(7, 0.9)));
        Assert.NotEqual(ETagFor(Release(7, 0.5)), ETagFor(Release(8, 0.5)));
        Assert.NotEqual(ETagFor(Release(7, 0.5)), ETagFor(Release(7, 0.5), "?region=18.71"));
        Assert.Equal(ETagFor(Release(7, 0.5), "?region=18&measure=persons"), ETagFor(Release(7, 0.5), "?measure=persons&region=18"));
    }

    [Fact]
    public void The_etag_of_a_request_has_not_changed_since_clients_first_cached_it()
    {
        // A validator that changed with the code would make every client download again what it already holds.
        Assert.Equal("\"r7-7801c3492a2ead382622\"", ETagFor(Release(7, 0.5), "?region=18.71&measure=persons&measure=families"));
    }

    [Fact]
    public void A_request_without_a_validator_is_not_answered_not_modified_but_one_naming_the_etag_is()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/v1/statistics/tiers";
        Assert.False(HttpCaching.IsNotModified(http, Release(7, 0.5), releasePinned: true, "Json"));
        var etag = http.Response.Headers.ETag.ToString();
        Assert.Equal("public, max-age=86400", http.Response.Headers.CacheControl.ToString());

        http.Request.Headers.IfNoneMatch = $"\"other\", W/{etag}";
        Assert.True(HttpCaching.IsNotModified(http, Release(7, 0.5), releasePinned: true, "Json"));
        http.Request.Headers.IfNoneMatch = "\"other\"";
        Assert.False(HttpCaching.IsNotModified(http, Release(7, 0.5), releasePinned: true, "Json"));
        http.Request.Headers.IfNoneMatch = "*";
        Assert.True(HttpCaching.IsNotModified(http, Release(7, 0.5), releasePinned: false, "Json"));
        Assert.Equal("public, max-age=60", http.Response.Headers.CacheControl.ToString());
    }
}
