namespace Regsosek.Api.Infrastructure;

public static class HeadRequestsExtensions
{
    private static readonly object HeadKey = new();

    /// <summary>True for a HEAD routed as GET: a handler whose body is costly to produce (an export) can stop after its headers.</summary>
    public static bool IsHeadRequest(HttpContext context) => context.Items.ContainsKey(HeadKey);

    /// <summary>
    /// HEAD answers with the headers GET would send (RFC 9110 9.3.2: ETag, Content-Type, Cache-Control, a problem's
    /// status), so a client can check a release's export or revalidate without downloading it. Routes are mapped for
    /// GET only, so the request is routed as GET (Program.cs routes after this) and its body goes nowhere. The output
    /// cache further in still sees the whole body, so what it keeps for later GETs is complete. The method is put back
    /// before the request log writes its line.
    /// </summary>
    public static void UseRegsosekHeadRequests(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            var body = context.Response.Body;
            context.Items[HeadKey] = true;
            context.Request.Method = HttpMethods.Get;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = HttpMethods.Head;
                context.Response.Body = body;
            }
        });
}
