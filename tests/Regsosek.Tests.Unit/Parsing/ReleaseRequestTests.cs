using Regsosek.Api.Regions;
using Regsosek.Api.Releases;

namespace Regsosek.Tests.Parsing;

public sealed class ReleaseRequestTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    public void No_release_an_empty_one_and_latest_all_mean_latest_which_is_not_pinned(string? raw)
    {
        var release = Parsed.Value(ReleaseId.Parse(raw, "release"));
        Assert.True(release.IsLatest);
        Assert.False(release.IsPinned);
    }

    [Fact]
    public void A_release_named_by_its_id_is_pinned()
    {
        var release = Parsed.Value(ReleaseId.Parse("regsosek-2022.1_b", "release"));
        Assert.Equal("regsosek-2022.1_b", release.Value);
        Assert.True(release.IsPinned);
    }

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("LATEST")]
    [InlineData("latest\n")]
    [InlineData("-leading-dash")]
    [InlineData("a\0")]
    public void Anything_else_is_a_bad_release_id(string raw) => Parsed.InvalidParameter(ReleaseId.Parse(raw, "release"), "release");

    [Fact]
    public void A_release_resource_and_its_exports_name_the_release_by_id()
    {
        Assert.Equal("r1", Parsed.Value(ReleaseRequest.Parse(new ReleaseQuery { Id = "r1" })).Release.Value);
        Assert.Equal("r1", Parsed.Value(ReleaseRequest.Parse(new ReleaseExportQuery { Id = "r1" })).Release.Value);
        Parsed.InvalidParameter(ReleaseRequest.Parse(new ReleaseExportQuery { Id = "R1" }), "id");
    }

    [Fact]
    public void A_regions_statistics_name_it_by_code_or_ID_in_any_case_then_the_release()
    {
        Assert.Equal(new RegionStatisticsRequest("ID", ReleaseId.Latest), Parsed.Value(RegionStatisticsRequest.Parse(new RegionStatisticsQuery { Code = "id" })));
        Assert.Equal(new RegionStatisticsRequest("18.71", new ReleaseId("r1")),
            Parsed.Value(RegionStatisticsRequest.Parse(new RegionStatisticsQuery { Code = "18.71", Release = "r1" })));
        Parsed.BadRequest(RegionStatisticsRequest.Parse(new RegionStatisticsQuery { Code = "1899", Release = "Bad" }), "/problems/invalid-region-code", "code");
        Parsed.InvalidParameter(RegionStatisticsRequest.Parse(new RegionStatisticsQuery { Code = "18", Release = "Bad" }), "release");
    }
}
