using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Regsosek.Api.Statistics;

/// <summary>A statistics table split by a breakdown, rendered in one format: the one place a representation is written.</summary>
public sealed record StatisticsRendering(Breakdown Breakdown, StatisticsTable Table, StatisticsFormat Format)
{
    public async Task WriteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        switch (Format)
        {
            case StatisticsFormat.Csv:
                CsvMetadata.LinkFromItsPath(httpContext);
                await StatisticsCsv.WriteAsync(response, StatisticsCsv.Header(Breakdown), csv =>
                {
                    foreach (var row in Table.Page.Items)
                    {
                        StatisticsCsv.WriteRow(csv, Table.Release.Name, row, Table.Measure, Breakdown);
                    }
                });
                break;
            case StatisticsFormat.JsonStat:
                await JsonStat.WriteAsync(response, JsonStat.Dataset(Breakdown, Table));
                break;
            default:
                await response.WriteAsJsonAsync(Breakdown.JsonPage(Table));
                break;
        }
    }
}

/// <summary>
/// 200 at a table's plain path (/statistics/tiers): documented as JSON, the <typeparamref name="TPage"/>, since that
/// is all a generated client may ask this operation for; format= and Accept still give CSV or JSON-stat to people
/// and scripts, which the other two operations document.
/// </summary>
public sealed class StatisticsResult<TPage>(Breakdown<TPage> breakdown, StatisticsTable table, StatisticsFormat format)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
    where TPage : notnull
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        new StatisticsRendering(breakdown, table, format).WriteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TPage), ["application/json"]));
}

/// <summary>200 at /statistics/tiers.csv and deciles.csv: the table as RFC 4180 CSV, documented as a binary body.</summary>
public sealed class StatisticsCsvResult(Breakdown breakdown, StatisticsTable table) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        new StatisticsRendering(breakdown, table, StatisticsFormat.Csv).WriteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [FormatNegotiation.CsvMediaType]));
}

/// <summary>200 at /statistics/tiers.jsonstat and deciles.jsonstat: the table as a JSON-stat 2.0 dataset.</summary>
public sealed class StatisticsJsonStatResult(Breakdown breakdown, StatisticsTable table) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        new StatisticsRendering(breakdown, table, StatisticsFormat.JsonStat).WriteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JsonStatDataset), [FormatNegotiation.JsonStatMediaType]));
}
