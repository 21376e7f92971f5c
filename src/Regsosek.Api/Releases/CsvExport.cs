using System.IO.Compression;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;
using Regsosek.Api.OpenApi;

namespace Regsosek.Api.Releases;

/// <summary>
/// Every region of a release, both measures, as one CSV streamed from the database as it is read: memory stays
/// constant whatever the release's size. Gzip-compressed when the client accepts it.
/// </summary>
public sealed class CsvExport(StatisticsStore statistics, ReleaseInfo release, Breakdown breakdown, bool gzip) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private const int RowsPerWrite = 512;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = StatisticsCsv.ContentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"regsosek-{release.Name}-{breakdown.Name}.csv",
        }.ToString();
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }
        if (HeadRequestsExtensions.IsHeadRequest(httpContext))
        {
            return;
        }

        await using var body = gzip ? new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true) : response.Body;
        var chunk = new StringWriter(new StringBuilder(RowsPerWrite * 160));
        chunk.Write(StatisticsCsv.Header(breakdown) + "\r\n");
        var rows = 0;
        await foreach (var region in statistics.StreamAllAsync(release.Id, ct))
        {
            StatisticsCsv.WriteRow(chunk, region, Measure.Families, breakdown);
            StatisticsCsv.WriteRow(chunk, region, Measure.Persons, breakdown);
            if (++rows % RowsPerWrite == 0)
            {
                await FlushAsync(chunk, body, ct);
            }
        }
        await FlushAsync(chunk, body, ct);
    }

    private static async Task FlushAsync(StringWriter chunk, Stream body, CancellationToken ct)
    {
        var builder = chunk.GetStringBuilder();
        await body.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()), ct);
        builder.Clear();
    }

    /// <summary>A file to download: binary (never a string to deserialise) and named by Content-Disposition.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [FormatNegotiation.CsvMediaType]));
        builder.Metadata.Add(SentAsAttachment.Instance);
    }
}
