using Microsoft.AspNetCore.Http;
using Regsosek.Api.Statistics;
using Regsosek.Data.Exports;

namespace Regsosek.Tests.Statistics;

public sealed class CsvMetadataTests
{
    private static string ETagOfDescription(string? release)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/v1/releases/latest/exports/tiers.csv-metadata.json";
        CsvMetadata.Answer(http, CsvTable.Tiers, "tiers.csv", $"Families and persons per welfare tier, release {release}", release);
        return http.Response.Headers.ETag.ToString();
    }

    [Fact]
    public void The_description_found_through_latest_has_another_etag_once_latest_is_another_release()
    {
        // Its title names the release; the same validator for another title would let a client keep the old one (304).
        Assert.NotEqual(ETagOfDescription("regsosek-2022"), ETagOfDescription("regsosek-2023"));
        Assert.Equal(ETagOfDescription("regsosek-2022"), ETagOfDescription("regsosek-2022"));
    }
}
