using Asp.Versioning;
using Asp.Versioning.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Regsosek.Api.Infrastructure;

namespace Regsosek.Tests.Api;

/// <summary>
/// The version read from an API path without the library's per-request route matcher, and the jump table that
/// answers a supported version the way the library answered it the first time (PathVersionMatcherPolicy).
/// </summary>
public sealed class PathVersionTests
{
    [Theory]
    [InlineData("/api/v1/regions/18", "1")]
    [InlineData("/api/v1.0/statistics/tiers", "1.0")]
    [InlineData("/api/v2/regions", "2")]
    [InlineData("/api/vx/regions", "x")]
    [InlineData("/api/v1", "1")]
    [InlineData("/api/v1/", "1")]
    public void The_version_of_an_api_path_is_the_text_between_api_v_and_the_next_slash_unparsed(string path, string version)
    {
        Assert.True(ApiPathVersion.TryRead(path, out var raw));
        Assert.Equal(version, raw.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/api")]
    [InlineData("/api/")]
    [InlineData("/api/v")]
    [InlineData("/api/v/regions")]
    [InlineData("/api/regions")]
    [InlineData("/health/live")]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/v1/regions")]
    [InlineData("/apiv1/regions")]
    [InlineData("/API/V1/regions")]
    [InlineData("/Api/v1/regions")]
    [InlineData("/api/V1/regions")]
    public void A_path_outside_api_or_with_no_version_or_in_other_case_has_no_version_read_here(string path) =>
        Assert.False(ApiPathVersion.TryRead(path, out _));

    [Fact]
    public void A_supported_version_is_asked_of_the_library_once_and_then_answered_as_the_library_did()
    {
        var library = new Library();
        var table = library.Remembered();

        var first = Request("/api/v1/regions/18");
        var second = Request("/api/v1/regions/18.71");

        Assert.Equal(Library.Version1, table.GetDestination(first));
        Assert.Equal(Library.Version1, table.GetDestination(second));
        Assert.Equal(1, library.Calls);
        Assert.Equal("1", second.ApiVersioningFeature.RawRequestedApiVersion);
        Assert.Equal(new ApiVersion(1, 0), second.ApiVersioningFeature.RequestedApiVersion);
    }

    [Fact]
    public void Each_spelling_of_a_version_is_learned_from_the_library_on_its_own()
    {
        var library = new Library();
        var table = library.Remembered();

        table.GetDestination(Request("/api/v1/regions"));
        var spelt = Request("/api/v1.0/regions");
        Assert.Equal(Library.Version1, table.GetDestination(spelt));
        Assert.Equal(Library.Version1, table.GetDestination(Request("/api/v1.0/regions")));

        Assert.Equal(2, library.Calls);
        Assert.Equal("1.0", spelt.ApiVersioningFeature.RawRequestedApiVersion);
    }

    [Theory]
    [InlineData("/api/v2/regions")]
    [InlineData("/api/vx/regions")]
    [InlineData("/api/v0.9/regions/18")]
    public void An_unsupported_or_malformed_version_is_the_library_s_answer_every_time(string path)
    {
        var library = new Library();
        var table = library.Remembered();
        table.GetDestination(Request("/api/v1/regions"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Library.Rejection, table.GetDestination(Request(path)));
        }
        Assert.Equal(4, library.Calls);
    }

    [Theory]
    [InlineData("/API/V1/regions", "")]
    [InlineData("/api/v1/regions", "?api-version=1.0")]
    public void A_version_written_in_other_case_or_asked_for_outside_the_path_is_the_library_s_answer_every_time(string path, string query)
    {
        var library = new Library();
        var table = library.Remembered();

        for (var i = 0; i < 3; i++)
        {
            table.GetDestination(Request(path, query));
        }
        Assert.Equal(3, library.Calls);
    }

    [Fact]
    public void Only_a_few_spellings_are_remembered_so_a_client_cannot_grow_the_table()
    {
        var library = new Library();
        var table = library.Remembered();
        var spellings = Enumerable.Range(0, PathVersionJumpTable.Capacity + 2).Select(zeros => "1." + new string('0', zeros + 1)).ToList();

        foreach (var spelling in spellings)
        {
            table.GetDestination(Request($"/api/v{spelling}/regions"));
        }
        var before = library.Calls;
        foreach (var spelling in spellings)
        {
            Assert.Equal(Library.Version1, table.GetDestination(Request($"/api/v{spelling}/regions")));
        }

        Assert.Equal(spellings.Count, before);
        Assert.Equal(2, library.Calls - before);
    }

    [Fact]
    public void Versioning_routes_through_the_library_s_matcher_policy_wrapped_in_the_remembering_one()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRouting();
        services.AddRegsosekVersioning();
        using var provider = services.BuildServiceProvider();

        var policies = provider.GetServices<MatcherPolicy>().ToList();

        var policy = Assert.Single(policies.OfType<PathVersionMatcherPolicy>());
        Assert.DoesNotContain(policies, p => p is ApiVersionMatcherPolicy);
        Assert.Equal(ActivatorUtilities.CreateInstance<ApiVersionMatcherPolicy>(provider).Order, policy.Order);
    }

    private static DefaultHttpContext Request(string path, string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context;
    }

    private static readonly IServiceProvider Services = new ServiceCollection().BuildServiceProvider();

    /// <summary>Stands in for Asp.Versioning's jump table: reads the version's segment as its route matcher does and
    /// leaves it on the feature; 1 and its spellings lead to the version's endpoints, anything else is rejected.</summary>
    private sealed class Library : PolicyJumpTable
    {
        public const int Version1 = 1;
        public const int Rejection = 7;

        public int Calls { get; private set; }

        public PathVersionJumpTable Remembered() => new(this, [Version1]);

        public override int GetDestination(HttpContext httpContext)
        {
            Calls++;
            var feature = httpContext.ApiVersioningFeature;
            if (feature.RawRequestedApiVersions.Count > 0)
            {
                return ApiVersionParser.Default.TryParse(feature.RawRequestedApiVersions[0], out var asked) && asked == new ApiVersion(1, 0) ? Version1 : Rejection;
            }
            var segments = httpContext.Request.Path.Value!.Split('/');
            var raw = segments[2][1..];
            feature.RawRequestedApiVersion = raw;
            return ApiVersionParser.Default.TryParse(raw, out var version) && version == new ApiVersion(1, 0) ? Version1 : Rejection;
        }
    }
}
