using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Regsosek.Api.Statistics;

namespace Regsosek.Api.Tables;

/// <summary>A custom table rendered in one format: the one place its representations are written.</summary>
public sealed record TableRendering(CustomTable Table, StatisticsFormat Format) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        switch (Format)
        {
            case StatisticsFormat.Csv:
                await StatisticsCsv.WriteAsync(response, TableRepresentations.CsvHeader(Table), csv => TableRepresentations.WriteCsvRows(csv, Table));
                break;
            case StatisticsFormat.JsonStat:
                await JsonStat.WriteAsync(response, TableRepresentations.JsonStatDataset(Table));
                break;
            default:
                await response.WriteAsJsonAsync(TableRepresentations.Json(Table));
                break;
        }
    }
}

/// <summary>200 at /statistics/tables: documented as the JSON <see cref="TablePage"/>; format= and Accept still negotiate.</summary>
public sealed class TableResult(CustomTable table, StatisticsFormat format) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => new TableRendering(table, format).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TablePage), ["application/json"]));
}

/// <summary>200 at /statistics/tables.csv: the table in long form as RFC 4180 CSV, documented as a binary body.</summary>
public sealed class TableCsvResult(CustomTable table) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => new TableRendering(table, StatisticsFormat.Csv).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [FormatNegotiation.CsvMediaType]));
}

/// <summary>200 at /statistics/tables.jsonstat: the table as a JSON-stat 2.0 dataset.</summary>
public sealed class TableJsonStatResult(CustomTable table) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => new TableRendering(table, StatisticsFormat.JsonStat).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JsonStatDataset), [FormatNegotiation.JsonStatMediaType]));
}
