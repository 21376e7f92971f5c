using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Regsosek.Api.Infrastructure.Paging;
using Regsosek.Api.Regions;
using Regsosek.Api.Releases;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;

namespace Regsosek.Tests.Parsing;

public sealed class StatisticsRequestTests
{
    private static StatisticsRequest Valid(StatisticsQuery query, string? accept = null) =>
        Parsed.Value(StatisticsRequest.Parse(query, new StringValues(accept)));

    private static void Invalid(StatisticsQuery query, string type, string parameter, string? accept = null) =>
        Parsed.Problem(StatisticsRequest.Parse(query, new StringValues(accept)), StatusCodes.Status400BadRequest, type, parameter);

    private static void NotAcceptable(StatisticsQuery query, string? accept = null) =>
        Parsed.Problem(StatisticsRequest.Parse(query, new StringValues(accept)), StatusCodes.Status406NotAcceptable, "/problems/not-acceptable");

    [Fact]
    public void No_parameters_is_the_provinces_families_as_json_from_latest() =>
        Assert.Equal(new StatisticsRequest(ReleaseId.Latest, new StatisticsScope.LevelPage(null, GeoLevel.Province, new PageRequest(1000, null)),
            Measure.Families, StatisticsFormat.Json), Valid(new StatisticsQuery()));

    [Fact]
    public void Measure_format_and_release_are_read_with_the_scope()
    {
        var request = Valid(new StatisticsQuery { Measure = "PERSONS", Format = "json-stat", Release = "r1", Region = "18" });
        Assert.Equal(Measure.Persons, request.Measure);
        Assert.Equal(StatisticsFormat.JsonStat, request.Format);
        Assert.Equal("r1", request.Release.Value);
    }

    [Fact]
    public void Measure_is_families_or_persons()
    {
        Invalid(new StatisticsQuery { Measure = "households" }, "/problems/invalid-parameter", "measure");
    }

    [Theory]
    [InlineData(null, "text/csv", StatisticsFormat.Csv)]
    [InlineData(null, "application/json-stat+json", StatisticsFormat.JsonStat)]
    [InlineData(null, "text/csv;q=0, application/json", StatisticsFormat.Json)]
    [InlineData(null, "text/csv;q=0.5, application/json-stat+json", StatisticsFormat.JsonStat)]
    [InlineData(null, "garbage", StatisticsFormat.Json)] // unreadable Accept counts as none, as the framework reads it
    [InlineData(null, null, StatisticsFormat.Json)]
    [InlineData("CSV", "application/json", StatisticsFormat.Csv)] // format= wins over Accept
    [InlineData("jsonstat", null, StatisticsFormat.JsonStat)]
    public void The_format_comes_from_format_or_else_from_accept(string? format, string? accept, StatisticsFormat expected) =>
        Assert.Equal(expected, Valid(new StatisticsQuery { Format = format }, accept).Format);

    [Theory]
    [InlineData("xml", null)]
    [InlineData(null, "application/xml")]
    [InlineData(null, "*/*;q=0")]
    public void A_format_not_produced_is_not_acceptable(string? format, string? accept) =>
        NotAcceptable(new StatisticsQuery { Format = format }, accept);

    [Fact]
    public void The_first_problem_wins_in_the_order_measure_scope_format_release()
    {
        Invalid(new StatisticsQuery { Measure = "x", Limit = "0", Format = "xml", Release = "Bad" }, "/problems/invalid-parameter", "measure");
        Invalid(new StatisticsQuery { Limit = "0", Format = "xml", Release = "Bad" }, "/problems/invalid-parameter", "limit");
        NotAcceptable(new StatisticsQuery { Format = "xml", Release = "Bad" });
        Invalid(new StatisticsQuery { Release = "Bad Name" }, "/problems/invalid-parameter", "release");
    }
}
