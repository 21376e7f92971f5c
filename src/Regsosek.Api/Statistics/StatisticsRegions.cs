using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Api.Regions;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>Regions as published statistics name them: Kemendagri codes, and ID for Indonesia as a whole.</summary>
public static class StatisticsRegions
{
    /// <summary>A Kemendagri code, or ID (in any case) for Indonesia.</summary>
    public static Outcome<string, BadRequestProblem> Parse(string? raw, string parameter)
    {
        if (string.Equals(raw, StatisticsStore.National, StringComparison.OrdinalIgnoreCase))
        {
            return StatisticsStore.National;
        }
        var code = RegionParameters.Code(raw, parameter);
        return code.Problem is { } invalid ? invalid : code.Value.Value;
    }

    /// <summary>Codes above a region from the province down (none for Indonesia or a province's parent).</summary>
    public static IReadOnlyList<string> AncestorCodes(string code)
    {
        var parts = code.Split('.');
        return code == StatisticsStore.National ? [] : Enumerable.Range(1, parts.Length - 1).Select(n => string.Join('.', parts[..n])).ToList();
    }
}
