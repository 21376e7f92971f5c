using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace Regsosek.Api.Statistics;

/// <summary>200 with a statistics table in the negotiated representation; documented with all three media types.</summary>
public sealed class StatisticsResult<TJson>(StatisticsTable table, StatisticsFormat format) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public StatisticsTable Table => table;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        switch (format)
        {
            case StatisticsFormat.Csv:
                response.ContentType = StatisticsCsv.ContentType;
                // A page is bounded (limit), so it is rendered whole and sent in one asynchronous write.
                var csv = new StringWriter();
                csv.Write(StatisticsCsv.Header(table.Breakdown) + "\r\n");
                foreach (var row in table.Rows)
                {
                    StatisticsCsv.WriteRow(csv, row, table.Measure, table.Breakdown);
                }
                await response.WriteAsync(csv.ToString(), Encoding.UTF8);
                break;
            case StatisticsFormat.JsonStat:
                await response.WriteAsJsonAsync(JsonStat.Dataset(table), (System.Text.Json.JsonSerializerOptions?)null, "application/json; charset=utf-8");
                break;
            default:
                await response.WriteAsJsonAsync((TJson)table.ToJson());
                break;
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TJson),
            ["application/json", FormatNegotiation.CsvMediaType, FormatNegotiation.JsonStatMediaType]));
}
