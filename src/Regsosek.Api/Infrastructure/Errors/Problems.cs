using Microsoft.AspNetCore.Mvc;
using Regsosek.Data.Database;
using Regsosek.Data.Regions;

namespace Regsosek.Api.Infrastructure.Errors;

/// <summary>
/// Every problem the API answers with, built here from the catalogue (<see cref="ProblemTypes"/>) and nowhere else:
/// handlers return them, middleware writes them. A detail says what was wrong with this request; a hint, what to do
/// instead; extensions name the offending parameter and what it allows, so a client can act without parsing text.
/// </summary>
public static class Problems
{
    private const string UnknownRegionHint =
        "Browse GET /api/v1/regions?level=province and drill down with /children; codes follow Kemendagri, not BPS (BPS 1803 = Kemendagri 18.01).";

    private const string ReleasesHint = "GET /api/v1/releases lists the published releases; latest is the current one.";

    /// <summary>A parameter whose value the operation does not accept; <paramref name="extensions"/> say what it does accept.</summary>
    public static BadRequestProblem InvalidParameter(string parameter, string detail, string? hint = null, params (string Key, object? Value)[] extensions) =>
        new(Build(ProblemTypes.InvalidParameter, detail, hint, [("parameter", parameter), .. extensions]));

    public static BadRequestProblem InvalidRegionCode(string parameter, string? raw) =>
        new(Build(ProblemTypes.InvalidRegionCode, $"{parameter} '{Echo(raw)}' is not a region code; expected {RegionCode.PatternDescription}.",
            "Codes are Kemendagri codes as strings with dots; keep leading zeros (18.01, not 18.1).",
            [("parameter", parameter), ("expectedPattern", RegionCode.Pattern)]));

    public static BadRequestProblem InvalidCursor() =>
        new(Build(ProblemTypes.InvalidCursor, "cursor is not a cursor issued by this API.",
            "Use the nextCursor or Link rel=\"next\" of the previous page unchanged, or omit cursor to start again.", [("parameter", "cursor")]));

    public static BadRequestProblem InvalidReleaseId(string parameter, string raw) =>
        InvalidParameter(parameter, $"{parameter} '{Echo(raw)}' is not a release id; ids are lower-case letters, digits, '.', '_' and '-'.",
            "GET /api/v1/releases lists the release ids; use latest for the current release.");

    /// <summary>A request the framework could not read; its message is not used, as it names C# types and internals.</summary>
    public static BadRequestProblem UnreadableRequest() =>
        new(Build(ProblemTypes.InvalidParameter, ProblemTypes.InvalidParameter.Description, null, []));

    public static NotFoundProblem RegionNotFound(string code) =>
        new(Build(ProblemTypes.RegionNotFound, $"No region has code '{code}'.", UnknownRegionHint, []));

    public static NotFoundProblem RegionsNotInRelease(IReadOnlyList<string> codes) =>
        new(Build(ProblemTypes.RegionNotFound,
            codes.Count == 1 ? $"No region has code '{codes[0]}' in this release." : $"No region has these codes in this release: {string.Join(", ", codes)}.",
            UnknownRegionHint, []));

    public static NotFoundProblem ReleaseNotFound(string id, bool latest) =>
        new(Build(ProblemTypes.ReleaseNotFound,
            latest ? "No release has been published yet." : $"No published release has id '{id}'.",
            latest ? "Publish one with: dotnet run --project src/Regsosek.Cli -- publish --release NAME" : ReleasesHint, []));

    /// <summary>by= names more variables than the release allows at the (deepest) level asked for.</summary>
    public static BadRequestProblem TableTooDetailed(int asked, int maxVariables, string level) =>
        new(Build(ProblemTypes.TableTooDetailed,
            $"by names {asked} variables; tables of {level} regions of this release have at most {maxVariables}.",
            "Drop variables from by=, or ask at a higher level (its limits are in the release's tables.maxVariables).",
            [("parameter", "by"), ("maxVariables", maxVariables), ("level", level)]));

    public static NotFoundProblem TablesNotPublished(string release) =>
        new(Build(ProblemTypes.TablesNotPublished, $"Release '{release}' publishes no custom tables.",
            "GET /api/v1/releases lists the releases; those whose tables is not null publish them.", []));

    /// <summary>A release published before a kind of bulk file was made at publish time has none of that kind until they are written for it.</summary>
    public static NotFoundProblem ReleaseFileMissing(string release, string file) =>
        new(Build(ProblemTypes.NotFound, $"Release '{release}' has no stored file {file}: it was published before files of that kind were made.",
            $"Write them once with: dotnet run --project src/Regsosek.Cli -- files --release {release}", []));

    public static NotFoundProblem NoRegionData() =>
        new(Build(ProblemTypes.NotFound, "No region data has been loaded yet.", "Run: dotnet run --project src/Regsosek.Cli -- regions load", []));

    /// <summary>The Host is not echoed: it is the attacker's text, and nothing about it helps a legitimate client.</summary>
    public static ApiProblem InvalidHost() =>
        new(Build(ProblemTypes.InvalidHost, "The Host header names no host this service answers to.",
            "Use the service's public address; operators list the names in AllowedHosts.", []));

    /// <summary>Written with Allow: GET, HEAD (set for every 405 where problems are customised).</summary>
    public static ApiProblem MethodNotAllowed(string method) =>
        new(Build(ProblemTypes.MethodNotAllowed, $"{Echo(method)} is not allowed: this service only reads.",
            "Use GET, or HEAD for the headers alone.", [("allowedMethods", new[] { HttpMethods.Get, HttpMethods.Head })]));

    public static NotAcceptableProblem NotAcceptable(string detail, string hint) => new(Build(ProblemTypes.NotAcceptable, detail, hint, []));

    public static ApiProblem UriTooLong(int length, int maxLength) =>
        new(Build(ProblemTypes.UriTooLong, $"The request URI is {length} characters long; at most {maxLength} are accepted.",
            "Ask for fewer regions per request (region= takes up to 200), page with parent= and level=, or use the bulk exports.",
            [("maxLength", maxLength)]));

    public static ApiProblem TooManyRequests(int permits, int windowSeconds, int retryAfterSeconds, int maxPageSize) =>
        new(Build(ProblemTypes.TooManyRequests,
            $"At most {permits} requests per {windowSeconds} seconds are answered per client; retry after {retryAfterSeconds} seconds.",
            $"Page with limit up to {maxPageSize} rather than many small requests, and cache responses you have already fetched.",
            [("retryAfterSeconds", retryAfterSeconds)]));

    public static ApiProblem TooManyConcurrentRequests(int perClient, int retryAfterSeconds) =>
        new(Build(ProblemTypes.TooManyRequests,
            $"At most {perClient} requests per client are answered at the same time; retry after {retryAfterSeconds} seconds.",
            "Wait for an answer before sending more; download whole releases from /api/v1/releases/{id}/exports instead of many pages at once.",
            [("retryAfterSeconds", retryAfterSeconds), ("concurrencyLimit", perClient)]));

    /// <summary>Every slot of the service is taken (all clients together); nothing is wrong with this request.</summary>
    public static ApiProblem ServiceAtCapacity(int retryAfterSeconds) =>
        new(Build(ProblemTypes.ServiceUnavailable, $"The service is answering as many requests as it can at once; retry after {retryAfterSeconds} seconds.",
            null, [("retryAfterSeconds", retryAfterSeconds)]));

    public static ApiProblem DatabaseUnavailable(DatabaseFault fault, int retryAfterSeconds) =>
        new(Build(ProblemTypes.ServiceUnavailable,
            fault == DatabaseFault.Unreachable
                ? $"The database is unreachable; retry after {retryAfterSeconds} seconds."
                : $"The database is busy; retry after {retryAfterSeconds} seconds.",
            null, [("retryAfterSeconds", retryAfterSeconds)]));

    /// <summary>Turns a problem the framework or the versioning library made into the unsupported-version problem.</summary>
    public static void DescribeUnsupportedApiVersion(ProblemDetails problem, string? requested, IEnumerable<string> supported)
    {
        problem.Status = StatusCodes.Status400BadRequest;
        problem.Detail = $"API version '{Echo(requested)}' is not supported.";
        Describe(problem, ProblemTypes.UnsupportedApiVersion);
        problem.Extensions["supportedVersions"] = supported.ToArray();
        problem.Extensions["hint"] = "Use /api/v1/...; the documents for every version are listed at /swagger.";
    }

    /// <summary>Gives a framework-made problem (an empty 404, an exception) our stable type, never an RFC section link.</summary>
    public static void Describe(ProblemDetails problem, ProblemType type)
    {
        problem.Type = type.Uri;
        problem.Title = type.Title;
        problem.Status ??= type.Status;
        problem.Detail ??= type.Description;
    }

    /// <summary>Echoes at most a short prefix of hostile input back.</summary>
    public static string Echo(string? value) =>
        value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";

    private static ProblemDetails Build(ProblemType type, string detail, string? hint, (string Key, object? Value)[] extensions)
    {
        var problem = new ProblemDetails { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail };
        if (hint is not null)
        {
            problem.Extensions["hint"] = hint;
        }
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }
        return problem;
    }
}
