using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace Regsosek.Api.Statistics;

/// <summary>
/// 200 with a statistics table split by <paramref name="breakdown"/> in the negotiated <paramref name="format"/>: the one
/// place a representation is chosen. Documented with all three media types, the JSON one as <typeparamref name="TPage"/>.
/// </summary>
public sealed class StatisticsResult<TPage>(Breakdown<TPage> breakdown, StatisticsTable table, StatisticsFormat format)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

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
                csv.Write(StatisticsCsv.Header(breakdown) + "\r\n");
                foreach (var row in table.Page.Items)
                {
                    StatisticsCsv.WriteRow(csv, row, table.Measure, breakdown);
                }
                await response.WriteAsync(csv.ToString(), Encoding.UTF8);
                break;
            case StatisticsFormat.JsonStat:
                await response.WriteAsJsonAsync(JsonStat.Dataset(breakdown, table), (System.Text.Json.JsonSerializerOptions?)null, "application/json; charset=utf-8");
                break;
            default:
                await response.WriteAsJsonAsync(breakdown.ToJson(table));
                break;
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TPage),
            ["application/json", FormatNegotiation.CsvMediaType, FormatNegotiation.JsonStatMediaType]));
}
