using Microsoft.AspNetCore.Http.Features;
using Regsosek.Api.Infrastructure.Errors;

namespace Regsosek.Api.Infrastructure;

public static class RequestLimitsExtensions
{
    /// <summary>
    /// Room for the longest legitimate request (200 village codes, percent-encoded, are ~3,200 characters); anything
    /// longer, up to Kestrel's request-line limit, gets a problem that says what to do instead.
    /// </summary>
    public const int DefaultMaxUrlLength = 4096;

    /// <summary>
    /// Kestrel's own limit on the request line (method, target, version), in bytes. Kestrel refuses a longer line before
    /// any middleware runs, with a bare 414; raised from its default 8 KiB so that every URL a client plausibly sends
    /// gets the problem document instead (docs/RELIABILITY.md lists what Kestrel still refuses itself).
    /// </summary>
    public const int DefaultMaxRequestLineBytes = 64 * 1024;

    /// <summary>
    /// Configuration <c>RequestLimits:MaxRequestLineBytes</c>. Also drops Kestrel's <c>Server</c> header: naming the
    /// server helps nobody but someone matching it against a list of known flaws.
    /// </summary>
    public static void AddRegsosekRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = context.Configuration.GetValue("RequestLimits:MaxRequestLineBytes", DefaultMaxRequestLineBytes);
        });
    }

    /// <summary>Configuration <c>RequestLimits:MaxUrlLength</c>: the longest path and query answered, in characters.</summary>
    public static void UseRegsosekRequestLimits(this WebApplication app)
    {
        var maxLength = app.Configuration.GetValue("RequestLimits:MaxUrlLength", DefaultMaxUrlLength);
        app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            var length = string.IsNullOrEmpty(target)
                ? context.Request.PathBase.Value?.Length + context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0
                : target.Length;
            if (length <= maxLength)
            {
                await next(context);
                return;
            }
            await Problems.UriTooLong(length, maxLength).ExecuteAsync(context);
        });
    }
}
