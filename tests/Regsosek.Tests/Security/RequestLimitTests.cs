using System.Net;
using Npgsql;
using Regsosek.Pipeline.Regions;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Security;

/// <summary>Requests beyond the size the API serves get a problem, never a 500 (on the real server: KestrelEdgeTests).</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLimitTests(ApiFactory factory)
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
}
