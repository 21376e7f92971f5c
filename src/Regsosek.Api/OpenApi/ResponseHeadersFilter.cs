using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

/// <summary>Endpoint metadata of an operation whose 200 is a file download (Content-Disposition: attachment).</summary>
public sealed class SentAsAttachment
{
    public static readonly SentAsAttachment Instance = new();

    private SentAsAttachment()
    {
    }
}

/// <summary>
/// Documents the headers each response carries and the conditional request, so generated clients can read them and
/// treat a 304 as the answer it is: every /api response has RateLimit-Policy; 200 and 304 of a cacheable GET (every
/// operation that can answer 304) ETag and Cache-Control, and If-None-Match is its header parameter; a paged 200 has
/// Link; a download Content-Disposition; 429 and 503 Retry-After.
/// </summary>
internal sealed class ResponseHeadersFilter : IOperationFilter
{
    public const string IfNoneMatch = "If-None-Match";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is null)
        {
            return;
        }
        var cacheable = operation.Responses.ContainsKey("304");
        var paged = operation.Parameters?.Any(p => p.Name == "cursor") == true;
        var attachment = context.ApiDescription.ActionDescriptor.EndpointMetadata.Contains(SentAsAttachment.Instance);
        if (cacheable)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IfNoneMatch,
                In = ParameterLocation.Header,
                Required = false,
                Description = "The ETag of a response you hold; if it is still current the answer is 304 with no body.",
                Schema = Text(),
            });
        }
        if (attachment)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Range", In = ParameterLocation.Header, Required = false, Schema = Text(),
                Description = "bytes=<first>-[<last>]: only that part of the file (206), e.g. to resume a broken download; a range starting past the end gets 416 with Content-Range: bytes */<length> and no body.",
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Range", In = ParameterLocation.Header, Required = false, Schema = Text(),
                Description = "The ETag of the file you hold part of: the range is sent only if the file is still that one, else the whole file (200).",
            });
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }
            var headers = concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            headers["RateLimit-Policy"] = Header("The client's rate limit: \"per-client\";q=<requests>;w=<seconds>.", required: true);
            switch (status)
            {
                case "200" or "304" when cacheable:
                    headers["ETag"] = Header("A strong validator of this representation, derived from the release (or region data) and the request, never from the counts; send it as If-None-Match.", required: true);
                    headers["Cache-Control"] = Header("public, max-age=86400 for a named release, 60 for latest and for reference data.", required: true);
                    headers["Vary"] = Header("The request headers the representation depends on (Accept-Encoding; Accept at a path that negotiates).");
                    if (status == "304")
                    {
                        concrete.Description = "Not Modified: the representation named by If-None-Match is still current; no body.";
                    }
                    else if (paged)
                    {
                        headers["Link"] = Header("<next page URL>; rel=\"next\", while there is a next page.");
                    }
                    if (status == "200" && attachment)
                    {
                        headers["ETag"] = Header("The file's strong validator: its digest (published data, so it tells nothing the file does not); send it as If-None-Match or If-Range.", required: true);
                        headers["Accept-Ranges"] = Header("bytes: the file may be asked for in parts (Range).", required: true);
                        headers["Content-Disposition"] = Header("attachment; filename=\"regsosek-<release>-<table>.csv\".", required: true);
                    }
                    break;
                case "206" when attachment:
                    concrete.Description = "Partial Content: the range asked for, of the file named by ETag.";
                    headers["Content-Range"] = Header("bytes <first>-<last>/<length of the whole file>.", required: true);
                    headers["ETag"] = Header("The file's strong validator (its digest); send it as If-Range when resuming.", required: true);
                    headers["Content-Disposition"] = Header("attachment; filename=\"regsosek-<release>-<table>.csv\".", required: true);
                    break;
                case "429":
                    headers["Retry-After"] = Header("Seconds to wait before the next request.", required: true, JsonSchemaType.Integer);
                    headers["RateLimit"] = Header("\"per-client\";r=0;t=<seconds until the window resets>.", required: true);
                    break;
                case "503":
                    headers["Retry-After"] = Header("Seconds to wait before retrying.", required: true, JsonSchemaType.Integer);
                    break;
            }
        }
    }

    private static OpenApiSchema Text(JsonSchemaType type = JsonSchemaType.String) => new() { Type = type };

    private static OpenApiHeader Header(string description, bool required = false, JsonSchemaType type = JsonSchemaType.String) =>
        new() { Description = description, Required = required, Schema = Text(type) };
}
