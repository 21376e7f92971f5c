using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

public static class Measures
{
    public static string ApiName(this Measure measure) => Regsosek.Data.Exports.CsvTable.MeasureName(measure);

    /// <summary>measure=: families unless persons is asked for.</summary>
    public static Outcome<Measure, BadRequestProblem> Parse(string? raw) => raw?.ToLowerInvariant() switch
    {
        null or "families" => Measure.Families,
        "persons" => Measure.Persons,
        _ => Problems.InvalidParameter("measure", $"measure '{Problems.Echo(raw)}' is not a measure; expected families or persons.",
            "Families and persons are separate measures; ask for each in its own request.", ("allowed", new[] { "families", "persons" })),
    };
}
