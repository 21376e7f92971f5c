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
    /// In this order the first problem wins: measure, the scope (limit, cursor, region or parent and level), the format
    /// (406), the release id. A table that is one format only (a /tiers.csv, say) has no 406 and would skip the Accept header.
    /// </summary>
    public static Outcome<StatisticsRequest, Results<BadRequestProblem, NotAcceptableProblem>> Parse(StatisticsQuery query, StringValues accept)
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
        var format = FormatNegotiation.Negotiate(query.Format, accept);
        if (format.Problem is { } notAcceptable)
        {
            return (Results<BadRequestProblem, NotAcceptableProblem>)notAcceptable;
        }
        var release = ReleaseId.Parse(query.Release, "release");
        if (release.Problem is { } badRelease)
        {
            return Invalid(badRelease);
        }
        return new StatisticsRequest(release.Value, scope.Value, measure.Value, format.Value);
    }

    private static Results<BadRequestProblem, NotAcceptableProblem> Invalid(BadRequestProblem problem) => problem;
}
