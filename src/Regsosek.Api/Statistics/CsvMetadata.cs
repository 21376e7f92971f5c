using Microsoft.AspNetCore.Http.HttpResults;
using Regsosek.Api.Infrastructure;
using Regsosek.Data.Exports;

namespace Regsosek.Api.Statistics;

/// <summary>The CSVW description of a CSV (<see cref="CsvwTable"/>): the operation that serves it and the link to it.</summary>
public static class CsvMetadata
{
    /// <summary>The GET of a CSV's description, documented as a CSVW document beside the CSV operation it describes.</summary>
    public static RouteHandlerBuilder MapCsvMetadata(this RouteGroupBuilder group, string pattern, Delegate handler, string name,
        string summary, string csvOperation, string csvPath) =>
        group.MapGet(pattern, handler)
            .WithName(name)
            .Produces<CsvwTable>(StatusCodes.Status200OK, CsvwTable.MediaType)
            .WithSummary(summary)
            .WithDescription(Description(csvOperation, csvPath));

    public static string Description(string csvOperation, string csvPath) =>
        $"A CSV on the Web (W3C CSVW) table description of the CSV of {csvOperation}: every column with its datatype, codes as text, " +
        $"and the columns that identify a row. Every CSV links its own with `Link: <...>; rel=\"describedby\"; type=\"{CsvwTable.MediaType}\"`; " +
        $"its `url` is `{csvPath}` with the query this document was asked with, so the description names the very CSV it came from.";

    /// <summary>
    /// The description; its validator depends on what the description does: the columns, the request and, when its title
    /// names the release <c>latest</c> resolved to, that <paramref name="release"/>, so a switch of latest is not a 304.
    /// </summary>
    public static Results<JsonHttpResult<CsvwTable>, NotModified> Answer(HttpContext http, CsvTable table, string url, string title, string? release = null)
    {
        if (HttpCaching.IsNotModified(http, "m", release is null ? ["csvw", table.Header] : ["csvw", table.Header, release], HttpCaching.LatestMaxAge))
        {
            return new NotModified();
        }
        return TypedResults.Json(CsvwTable.For(table, url, title), contentType: CsvwTable.MediaType);
    }

    /// <summary>
    /// Links the CSV answered to this request to the description at its own path followed by <c>-metadata.json</c>, with
    /// its query (CSVW's default location, as a link): tiers.csv to tiers.csv-metadata.json, an export's tiers.csv to
    /// the export's, and tiers?format=csv (or tiers with Accept: text/csv) to tiers-metadata.json, whose url names
    /// tiers?format=csv, the URL the CSV came from. Every CSV the API answers is linked here, so the rule is one.
    /// </summary>
    public static void LinkFromItsPath(HttpContext http) =>
        Link(http.Response, $"{http.Request.PathBase}{http.Request.Path}-metadata.json{http.Request.QueryString}");

    /// <summary>Links a CSV response to its description (RFC 8288; CSVW 5.2 finds metadata this way).</summary>
    private static void Link(HttpResponse response, string metadataPath) =>
        response.Headers.Append("Link", $"<{metadataPath}>; rel=\"describedby\"; type=\"{CsvwTable.MediaType}\"");
}
