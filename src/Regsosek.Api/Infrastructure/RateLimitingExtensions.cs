using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Paging;

namespace Regsosek.Api.Infrastructure;

/// <summary>Configuration section <c>RateLimiting</c>: each client address may make this many API requests per window.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimiting";

    public int PermitsPerWindow { get; set; } = 600;

    public int WindowSeconds { get; set; } = 60;

    /// <summary>The IETF RateLimit-Policy value, so a client can pace itself before it is ever refused.</summary>
    public string Policy => $"\"{RateLimitingExtensions.PolicyName}\";q={PermitsPerWindow};w={WindowSeconds}";
}

public static class RateLimitingExtensions
{
    public const string PolicyName = "per-client";

    public static void AddRegsosekRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>()
            .BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.PermitsPerWindow > 0 && s.WindowSeconds > 0, "RateLimiting:PermitsPerWindow and RateLimiting:WindowSeconds must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, settings) =>
        {
            var limits = settings.Value;
            // Global rather than per-endpoint, so every /api route is covered without each Map call opting in.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsApi(context.Request.Path)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitsPerWindow,
                        Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => RejectAsync(rejected, limits);
        });
    }

    /// <summary>
    /// Call before UseOutputCache, so an answer served from the cache still costs the client a permit;
    /// health probes and Swagger are never limited, so a busy client cannot make the service look down.
    /// </summary>
    public static void UseRegsosekRateLimiting(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<IOptions<RateLimitSettings>>().Value.Policy;
        app.Use((context, next) =>
        {
            if (IsApi(context.Request.Path))
            {
                // On starting, not now: the exception handler clears headers set before it runs.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers["RateLimit-Policy"] = policy;
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
        app.UseRateLimiter();
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitSettings limits)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? (int)Math.Ceiling(wait.TotalSeconds)
            : limits.WindowSeconds;
        retryAfter = Math.Max(1, retryAfter);
        var http = rejected.HttpContext;
        var seconds = retryAfter.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.RetryAfter = seconds;
        http.Response.Headers["RateLimit"] = $"\"{PolicyName}\";r=0;t={seconds}";
        await Problems.TooManyRequests(limits.PermitsPerWindow, limits.WindowSeconds, retryAfter, PageSize.Regions.Max()).ExecuteAsync(http);
    }
}
