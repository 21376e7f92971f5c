using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.OpenApi;
using Regsosek.Api.Statistics;

namespace Regsosek.Api.Tables;

/// <summary>
/// The parameters of a custom table (/statistics/tables): the statistics scope parameters exactly as /statistics/tiers
/// has them, and by=, the variables the table splits each region's total by. Strings only, so binding never fails;
/// <see cref="TableRequest"/> reads them.
/// </summary>
public sealed record TableQuery : StatisticsQuery
{
    [FromQuery(Name = "by"), System.ComponentModel.DataAnnotations.Required, Shape(ValueShape.TableVariableList),
     Description("The variables to break the counts down by, separated by commas: tier, decile, head_sex, head_age_group, disability, " +
                 "family_size. Each at most once; the output always lists them in that order, whatever the order here. The release says how many " +
                 "a table may have per level (tables.maxVariables)."),
     Example("tier,head_sex")]
    public string? By { get; init; }
}
