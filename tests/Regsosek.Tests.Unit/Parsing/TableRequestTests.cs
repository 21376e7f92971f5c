using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Regsosek.Api.Statistics;
using Regsosek.Api.Tables;
using Regsosek.Data.Tables;

namespace Regsosek.Tests.Parsing;

public sealed class TableRequestTests
{
    private static TableRequest Valid(TableQuery query, string? format = null) =>
        Parsed.Value(TableRequest.Parse(query, format, new StringValues((string?)null)));

    private static string[] AllowedIn(TableQuery query) =>
        (string[])Parsed.InvalidParameter(TableRequest.Parse(query, StatisticsFormat.Csv), "by").Extensions["allowed"]!;

    [Fact]
    public void By_names_the_variables_in_canonical_order_whatever_order_they_are_given_in()
    {
        var request = Valid(new TableQuery { By = " family_size, tier ,head_sex", Region = "18" });
        Assert.Equal([TableVariables.Tier, TableVariables.HeadSex, TableVariables.FamilySize], request.By);
        Assert.Equal(32 + 8 + 1, request.Mask);
    }

    [Fact]
    public void The_statistics_parameters_are_read_as_for_the_tiers()
    {
        var request = Valid(new TableQuery { By = "decile", Region = "18,18.71", Measure = "persons", Release = "r1" }, format: "csv");
        Assert.Equal(["18", "18.71"], Assert.IsType<StatisticsScope.Listed>(request.Statistics.Scope).Codes);
        Assert.Equal(Data.Statistics.Measure.Persons, request.Statistics.Measure);
        Assert.Equal(StatisticsFormat.Csv, request.Statistics.Format);
        Assert.Equal("r1", request.Statistics.Release.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void By_is_required(string? by) =>
        Assert.Equal(TableVariables.All.Select(v => v.Name), AllowedIn(new TableQuery { By = by }));

    [Theory]
    [InlineData("tier,sex")]
    [InlineData("TIER")]
    [InlineData("income")]
    public void An_unknown_variable_is_refused_with_the_names_allowed(string by) =>
        Assert.Equal(["tier", "decile", "head_sex", "head_age_group", "disability", "family_size"], AllowedIn(new TableQuery { By = by }));

    [Fact]
    public void A_variable_named_twice_is_refused() =>
        Assert.Contains("twice", Parsed.InvalidParameter(TableRequest.Parse(new TableQuery { By = "tier,head_sex,tier" }, StatisticsFormat.Json), "by").Detail);

    [Fact]
    public void A_bad_statistics_parameter_is_reported_before_by() =>
        Parsed.InvalidParameter(TableRequest.Parse(new TableQuery { By = "nonsense", Measure = "households" }, StatisticsFormat.Json), "measure");

    [Fact]
    public void A_format_not_produced_at_the_plain_path_is_not_acceptable() =>
        Parsed.Problem(TableRequest.Parse(new TableQuery { By = "tier" }, "xml", new StringValues((string?)null)),
            StatusCodes.Status406NotAcceptable, "/problems/not-acceptable");

    [Fact]
    public void Table_subsets_are_every_table_of_fewer_of_the_variables_down_to_the_total() =>
        Assert.Equal([0, 1, 8, 9, 32, 33, 40, 41], TableStore.SubsetsOf(41).Order().Select(m => (int)m));

    [Fact]
    public void Table_limits_are_read_per_level_from_the_release_and_null_means_no_tables()
    {
        var limits = TableLimits.Parse("""{"national": 3, "province": 3, "regency": 3, "district": 2, "village": 1}""")!;
        Assert.Equal([3, 3, 3, 2, 1], Enumerable.Range(0, 5).Select(limits.AtDepth));
        Assert.Null(TableLimits.Parse(null));
    }
}
