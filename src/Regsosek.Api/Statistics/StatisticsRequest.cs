using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Releases;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>A statistics table request parsed: which release, which regions, which measure, in which representation.</summary>
public sealed record StatisticsRequest(ReleaseId Release, StatisticsScope Scope, Measure Measure, StatisticsFormat Format)
{
    /// <summary>
    /// The table at its plain path (/statistics/tiers), whose representation is negotiated: by format= (which no longer
    /// appears in the OpenAPI document, but people and scripts use it) or the Accept header. In this order the first
    /// problem wins: measure, the scope (limit, cursor, region or parent and level), the format (406), the release id.
    /// </summary>
    public static Outcome<StatisticsRequest, Results<BadRequestProblem, NotAcceptableProblem>> Parse(StatisticsQuery query, string? format, StringValues accept)
    {
        var measure = Measures.Parse(query.Measure);
        if (measure.Problem is { } badMeasure)
        {
            return Invalid(badMeasure);
        }
        var scope = StatisticsScope.Parse(query);
        if (scope.Problem is { } badScope)
        {
            return Invalid(badScope);
        }
        var negotiated = FormatNegotiation.Negotiate(format, accept);
        if (negotiated.Problem is { } notAcceptable)
        {
            return (Results<BadRequestProblem, NotAcceptableProblem>)notAcceptable;
        }
        var release = ReleaseId.Parse(query.Release, "release");
        if (release.Problem is { } badRelease)
        {
            return Invalid(badRelease);
        }
        return new StatisticsRequest(release.Value, scope.Value, measure.Value, negotiated.Value);
    }

    /// <summary>
    /// The table at a path of one representation (/statistics/tiers.csv, .jsonstat): the path says the format, so there
    /// is no 406 and Accept is not read. Problems in the same order as above.
    /// </summary>
    public static Outcome<StatisticsRequest, BadRequestProblem> Parse(StatisticsQuery query, StatisticsFormat format)
    {
        var measure = Measures.Parse(query.Measure);
        if (measure.Problem is { } badMeasure)
        {
            return badMeasure;
        }
        var scope = StatisticsScope.Parse(query);
        if (scope.Problem is { } badScope)
        {
            return badScope;
        }
        var release = ReleaseId.Parse(query.Release, "release");
        return release.Problem is { } badRelease ? badRelease : new StatisticsRequest(release.Value, scope.Value, measure.Value, format);
    }

    private static Results<BadRequestProblem, NotAcceptableProblem> Invalid(BadRequestProblem problem) => problem;
}
