using Microsoft.AspNetCore.Http.Features;
using Regsosek.Api.Infrastructure.Errors;

namespace Regsosek.Api.Infrastructure;

public static class RequestLimitsExtensions
{
    /// <summary>
    /// Room for the longest legitimate request (200 village codes, percent-encoded, are ~3,200 characters), and below
    /// Kestrel's own 8 KiB request-line limit, whose 414 has no body: up to that limit the client gets a problem that
    /// says what to do instead.
    /// </summary>
    public const int DefaultMaxUrlLength = 4096;

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
