namespace Regsosek.Api.Infrastructure;

public static class SecurityHeadersExtensions
{
    /// <summary>API responses are data, never documents: nothing in them may load, run or be framed.</summary>
    private const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static void UseRegsosekSecurityHeaders(this WebApplication app) =>
        app.Use((context, next) =>
        {
            // On starting, not now: the exception handler clears headers set before it runs, and 500s need them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                // cross-origin, not same-origin: the data is meant for other sites, including cross-origin-isolated (COEP) pages.
                headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                // Swagger UI and the explorer page run scripts, so the strict policy stays on /api.
                if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
}
