using Microsoft.Net.Http.Headers;
using Regsosek.Api.Infrastructure.Errors;

namespace Regsosek.Api.Statistics;

public enum StatisticsFormat
{
    Json,
    Csv,
    JsonStat,
}

/// <summary>Chooses the representation from format= (which wins) or the Accept header; anything else is 406.</summary>
public static class FormatNegotiation
{
    public const string CsvMediaType = "text/csv";
    public const string JsonStatMediaType = "application/json-stat+json";
    public const string Supported = "json (application/json), csv (text/csv), json-stat (application/json-stat+json)";

    public static NotAcceptableProblem? Negotiate(HttpRequest request, string? format, out StatisticsFormat chosen)
    {
        chosen = StatisticsFormat.Json;
        if (format is not null)
        {
            if (FromName(format) is { } named)
            {
                chosen = named;
                return null;
            }
            return Problems.NotAcceptable($"format '{Problems.Echo(format)}' is not produced here; supported: {Supported}.",
                "Use format=json, format=csv or format=json-stat, or leave format out and send an Accept header.");
        }
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return null;
        }
        foreach (var media in accept.Where(m => (m.Quality ?? 1) > 0).OrderByDescending(m => m.Quality ?? 1))
        {
            if (FromMediaType(media) is { } match)
            {
                chosen = match;
                return null;
            }
        }
        return Problems.NotAcceptable($"None of the media types in Accept is produced here; supported: {Supported}.",
            "Send Accept: application/json, text/csv or application/json-stat+json, or use format=.");
    }

    private static StatisticsFormat? FromName(string name) => name.ToLowerInvariant() switch
    {
        "json" => StatisticsFormat.Json,
        "csv" => StatisticsFormat.Csv,
        "json-stat" or "jsonstat" => StatisticsFormat.JsonStat,
        _ => null,
    };

    private static StatisticsFormat? FromMediaType(MediaTypeHeaderValue media) => media.MediaType.Value?.ToLowerInvariant() switch
    {
        "application/json" or "application/*" or "*/*" => StatisticsFormat.Json,
        CsvMediaType or "text/*" or "application/csv" => StatisticsFormat.Csv,
        JsonStatMediaType => StatisticsFormat.JsonStat,
        _ => null,
    };
}
