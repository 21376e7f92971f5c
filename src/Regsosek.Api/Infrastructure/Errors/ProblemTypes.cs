namespace Regsosek.Api.Infrastructure.Errors;

/// <summary>A stable problem type: clients may switch on <see cref="Uri"/>, which never changes once published.</summary>
public sealed record ProblemType(string Slug, int Status, string Title, string Description)
{
    public string Uri => $"/problems/{Slug}";
}

/// <summary>The catalogue of problem types; each is documented at its own URI.</summary>
public static class ProblemTypes
{
    public static readonly ProblemType InvalidRegionCode = new("invalid-region-code", 400, "Invalid region code",
        "A region code is malformed. Codes are Kemendagri codes, always strings, dotted by level.");
    public static readonly ProblemType InvalidParameter = new("invalid-parameter", 400, "Invalid parameter",
        "A query parameter has a value outside what the operation accepts.");
    public static readonly ProblemType InvalidCursor = new("invalid-cursor", 400, "Invalid cursor",
        "The pagination cursor was not issued by this API for this query. Start again without a cursor.");
    public static readonly ProblemType RegionNotFound = new("region-not-found", 404, "Region not found",
        "No region has this code in the loaded Kemendagri region registry.");
    public static readonly ProblemType ReleaseNotFound = new("release-not-found", 404, "Release not found",
        "No published release has this id. GET /api/v1/releases lists them; latest is the current one.");
    public static readonly ProblemType TableTooDetailed = new("table-too-detailed", 400, "Table too detailed",
        "A custom table asks for more variables (by=) than its release allows at the level of its regions; maxVariables says how many are allowed.");
    public static readonly ProblemType TablesNotPublished = new("tables-not-published", 404, "No custom tables in this release",
        "The release publishes no custom tables (its tables is null); /statistics/tiers and /statistics/deciles still answer.");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found",
        "No resource at this path. Operations live under /api/v{version}/; see /swagger.");
    public static readonly ProblemType UnsupportedApiVersion = new("unsupported-api-version", 400, "Unsupported API version",
        "The API version in the path is not one this service supports; supportedVersions lists those it does.");
    public static readonly ProblemType InvalidHost = new("invalid-host", 400, "Invalid host",
        "The Host header names no host this service answers to (configuration AllowedHosts).");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed",
        "This service only reads: every resource answers GET and HEAD (and CORS preflight OPTIONS), nothing else.");
    public static readonly ProblemType NotAcceptable = new("not-acceptable", 406, "Not acceptable",
        "The Accept header or format parameter asks for a representation this operation does not produce.");
    public static readonly ProblemType UriTooLong = new("uri-too-long", 414, "URI too long",
        "The request URI (path and query) is longer than this service accepts; ask for fewer regions per request or use the bulk exports.");
    public static readonly ProblemType TooManyRequests = new("too-many-requests", 429, "Too many requests",
        "The per-client rate limit, or the per-client limit of requests in progress at once, was reached; retry after the number of seconds in Retry-After.");
    public static readonly ProblemType ServiceUnavailable = new("service-unavailable", 503, "Service unavailable",
        "The database is unreachable or busy, or the service is answering as many requests as it can; retry after the number of seconds in Retry-After.");
    public static readonly ProblemType InternalError = new("internal-error", 500, "Internal error",
        "An unexpected error; report the traceId to the operators.");

    public static IReadOnlyList<ProblemType> All { get; } =
    [
        InvalidRegionCode, InvalidParameter, InvalidCursor, RegionNotFound, ReleaseNotFound, NotFound, UnsupportedApiVersion,
        NotAcceptable, TooManyRequests, ServiceUnavailable, InternalError, UriTooLong, InvalidHost, MethodNotAllowed,
        TableTooDetailed, TablesNotPublished,
    ];

    public static ProblemType? ForStatus(int status) => status switch
    {
        400 => InvalidParameter,
        404 => NotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        414 => UriTooLong,
        429 => TooManyRequests,
        503 => ServiceUnavailable,
        >= 500 => InternalError,
        _ => null,
    };
}
