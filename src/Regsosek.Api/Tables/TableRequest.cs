using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Statistics;
using Regsosek.Data.Tables;

namespace Regsosek.Api.Tables;

/// <summary>
/// A custom table request parsed: the statistics request (release, scope, measure, format) and the variables of the
/// table, in the canonical order of <see cref="TableVariables.All"/>: by=head_sex,tier and by=tier,head_sex are one
/// table, with one representation (and one cache entry).
/// </summary>
public sealed record TableRequest(StatisticsRequest Statistics, IReadOnlyList<TableVariable> By)
{
    public short Mask => TableVariables.MaskOf(By);

    /// <summary>At the plain path (negotiated representation): the statistics parameters' problems first, then by's.</summary>
    public static Outcome<TableRequest, Results<BadRequestProblem, NotAcceptableProblem>> Parse(TableQuery query, string? format, StringValues accept)
    {
        var statistics = StatisticsRequest.Parse(query, format, accept);
        if (statistics.Problem is { } invalid)
        {
            return invalid;
        }
        var by = ParseBy(query.By);
        return by.Problem is { } badBy ? (Results<BadRequestProblem, NotAcceptableProblem>)badBy : new TableRequest(statistics.Value, by.Value);
    }

    /// <summary>At a path of one representation (tables.csv, tables.jsonstat): no 406; problems in the same order.</summary>
    public static Outcome<TableRequest, BadRequestProblem> Parse(TableQuery query, StatisticsFormat format)
    {
        var statistics = StatisticsRequest.Parse(query, format);
        if (statistics.Problem is { } invalid)
        {
            return invalid;
        }
        var by = ParseBy(query.By);
        return by.Problem is { } badBy ? badBy : new TableRequest(statistics.Value, by.Value);
    }

    /// <summary>by=: one or more known variable names, each once, in any order; kept in the canonical order.</summary>
    public static Outcome<IReadOnlyList<TableVariable>, BadRequestProblem> ParseBy(string? raw)
    {
        var names = (raw ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            return Invalid("by is required: the variables to break the counts down by.");
        }
        var chosen = new List<TableVariable>();
        foreach (var name in names)
        {
            if (TableVariables.FindByName(name) is not { } variable)
            {
                return Invalid($"by names '{Problems.Echo(name)}', which is not a table variable.");
            }
            if (chosen.Contains(variable))
            {
                return Invalid($"by names {name} twice; name each variable once.");
            }
            chosen.Add(variable);
        }
        return TableVariables.All.Where(chosen.Contains).ToList();
    }

    private static BadRequestProblem Invalid(string detail) =>
        Problems.InvalidParameter("by", detail, "Use variable names separated by commas, e.g. by=tier,head_sex.",
            ("allowed", TableVariables.All.Select(v => v.Name).ToArray()));
}
