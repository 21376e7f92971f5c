using Microsoft.Net.Http.Headers;
using Regsosek.Api.Infrastructure.Errors;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// The service only reads: every path answers GET and HEAD, and OPTIONS only as a CORS preflight. Any other method
/// (POST, PUT, DELETE, TRACE, ...) is refused here, before routing, so that surfaces mapped without a method (health
/// checks, the metrics scrape) or served by middleware (Swagger, the explorer's files) cannot answer it with 200.
/// </summary>
public static class ReadOnlyMethodsExtensions
{
    /// <summary>The Allow header of every 405.</summary>
    public const string Allowed = "GET, HEAD";

    public static void UseRegsosekReadOnlyMethods(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || IsPreflight(request))
            {
                return next(context);
            }
            return Problems.MethodNotAllowed(request.Method).ExecuteAsync(context);
        });

    private static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.ContainsKey(HeaderNames.Origin)
        && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);
}
