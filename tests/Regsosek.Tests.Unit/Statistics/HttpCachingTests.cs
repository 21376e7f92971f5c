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
}
