namespace Regsosek.Api.Explorer;

/// <summary>
/// The explorer page: static files under wwwroot/explorer that read the public JSON API like any other client.
/// They are plain files so that the page needs no build step; the charting library is vendored next to them.
/// No endpoint is mapped, so nothing of it shows in the OpenAPI documents.
/// </summary>
public static class ExplorerExtensions
{
    public const string RoutePrefix = "/explorer";

    /// <summary>
    /// Only this origin's own files and API, no inline code, never framed: the page has no reason to load anything
    /// else, so a script smuggled in through data (a region name, say) could neither run nor send anything away.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapExplorer(this WebApplication app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(RoutePrefix, StringComparison.OrdinalIgnoreCase), explorer =>
        {
            explorer.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    return Task.CompletedTask;
                });
                // /explorer goes to /explorer/, so that the page's relative links resolve below it. The framework's own
                // redirect would be absolute, built from the Host header a client chooses; this one is relative.
                if (context.Request.Path.Value?.Length == RoutePrefix.Length)
                {
                    context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                    context.Response.Headers.Location = context.Request.PathBase + RoutePrefix + "/" + context.Request.QueryString;
                    return Task.CompletedTask;
                }
                return next(context);
            });
            explorer.UseDefaultFiles(new DefaultFilesOptions { RedirectToAppendTrailingSlash = false });
            explorer.UseStaticFiles(new StaticFileOptions
            {
                // Revalidate every time (ETag): the files are small and a new deployment must show at once.
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
}
