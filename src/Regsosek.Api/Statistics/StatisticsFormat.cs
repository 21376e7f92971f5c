using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;

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

    public static Outcome<StatisticsFormat, NotAcceptableProblem> Negotiate(string? format, StringValues accept)
    {
        if (format is not null)
        {
            return FromName(format) is { } named
                ? named
                : Problems.NotAcceptable($"format '{Problems.Echo(format)}' is not produced here; supported: {Supported}.",
                    "Use format=json, format=csv or format=json-stat, or leave format out and send an Accept header.");
        }
        // As the framework reads Accept (RequestHeaders.Accept): a header it cannot parse counts as none.
        var media = MediaTypeHeaderValue.TryParseList(accept, out var parsed) ? parsed : [];
        if (media.Count == 0)
        {
            return StatisticsFormat.Json;
        }
        foreach (var candidate in media.Where(m => (m.Quality ?? 1) > 0).OrderByDescending(m => m.Quality ?? 1))
        {
            if (FromMediaType(candidate) is { } match)
            {
                return match;
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
