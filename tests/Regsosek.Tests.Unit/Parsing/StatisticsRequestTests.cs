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
    private static StatisticsRequest Valid(StatisticsQuery query, string? format = null, string? accept = null) =>
        Parsed.Value(StatisticsRequest.Parse(query, format, new StringValues(accept)));

    private static void Invalid(StatisticsQuery query, string type, string parameter, string? format = null) =>
        Parsed.Problem(StatisticsRequest.Parse(query, format, new StringValues((string?)null)), StatusCodes.Status400BadRequest, type, parameter);

    private static void NotAcceptable(StatisticsQuery query, string? format = null, string? accept = null) =>
        Parsed.Problem(StatisticsRequest.Parse(query, format, new StringValues(accept)), StatusCodes.Status406NotAcceptable, "/problems/not-acceptable");

    [Fact]
    public void No_parameters_is_the_provinces_families_as_json_from_latest() =>
        Assert.Equal(new StatisticsRequest(ReleaseId.Latest, new StatisticsScope.LevelPage(null, GeoLevel.Province, new PageRequest(1000, null)),
            Measure.Families, StatisticsFormat.Json), Valid(new StatisticsQuery()));

    [Fact]
    public void Measure_format_and_release_are_read_with_the_scope()
    {
        var request = Valid(new StatisticsQuery { Measure = "PERSONS", Release = "r1", Region = "18" }, format: "json-stat");
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
        Assert.Equal(expected, Valid(new StatisticsQuery(), format, accept).Format);

    [Theory]
    [InlineData("xml", null)]
    [InlineData(null, "application/xml")]
    [InlineData(null, "*/*;q=0")]
    public void A_format_not_produced_is_not_acceptable(string? format, string? accept) =>
        NotAcceptable(new StatisticsQuery(), format, accept);

    [Fact]
    public void The_first_problem_wins_in_the_order_measure_scope_format_release()
    {
        Invalid(new StatisticsQuery { Measure = "x", Limit = "0", Release = "Bad" }, "/problems/invalid-parameter", "measure", format: "xml");
        Invalid(new StatisticsQuery { Limit = "0", Release = "Bad" }, "/problems/invalid-parameter", "limit", format: "xml");
        NotAcceptable(new StatisticsQuery { Release = "Bad" }, format: "xml");
        Invalid(new StatisticsQuery { Release = "Bad Name" }, "/problems/invalid-parameter", "release");
    }

    [Fact]
    public void A_table_at_a_path_of_one_format_has_that_format_whatever_else_and_no_406()
    {
        var csv = Parsed.Value(StatisticsRequest.Parse(new StatisticsQuery { Region = "18" }, StatisticsFormat.Csv));
        Assert.Equal(StatisticsFormat.Csv, csv.Format);
        Parsed.InvalidParameter(StatisticsRequest.Parse(new StatisticsQuery { Measure = "x", Limit = "0" }, StatisticsFormat.JsonStat), "measure");
        Parsed.InvalidParameter(StatisticsRequest.Parse(new StatisticsQuery { Release = "Bad Name" }, StatisticsFormat.Csv), "release");
    }
}
