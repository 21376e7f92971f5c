using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Regsosek.Api.Statistics;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// A text/csv response is a file, not the JSON schema of the same data: it is documented as binary (what client
/// generators turn into a stream or a file response, never JSON to deserialise) with an example in the exact format
/// (header row, then rows), so Swagger UI shows what arrives.
/// </summary>
internal sealed class CsvResponseFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is null || !operation.Responses.TryGetValue("200", out var ok) || ok.Content is null ||
            !ok.Content.TryGetValue(FormatNegotiation.CsvMediaType, out var csv) || csv is not OpenApiMediaType media)
        {
            return;
        }
        Breakdown breakdown = context.ApiDescription.RelativePath?.Contains("decile", StringComparison.Ordinal) == true ? Breakdowns.Deciles : Breakdowns.Tiers;
        media.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "binary",
            Description = "RFC 4180 CSV, UTF-8, CRLF, header row; one row per region and measure.",
        };
        media.Example = JsonValue.Create(StatisticsCsv.Header(breakdown) + "\r\n" + (breakdown == Breakdowns.Tiers
            ? "regsosek-2022-lampung-demo,18.71,Kota Bandar Lampung,regency,18,families,255837,255839,2640,13457,39611,200131,0.010319,0.052599,0.154828,0.782254\r\n"
            : "regsosek-2022-lampung-demo,18.71,Kota Bandar Lampung,regency,18,families,255837,255836,12401,17466,21789,25002,27418,29002,30230,31053,30869,30606,0.048472,0.068270,0.085168,0.097727,0.107170,0.113362,0.118162,0.121378,0.120660,0.119632\r\n"));
    }
}
