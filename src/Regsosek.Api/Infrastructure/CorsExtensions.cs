namespace Regsosek.Api.Infrastructure;

public static class CorsExtensions
{
    /// <summary>
    /// Headers a browser script may read; without this list it sees only the CORS-safelisted ones and
    /// could neither follow Link rel="next" nor honour Retry-After on a 429.
    /// </summary>
    public static readonly string[] ExposedHeaders =
    [
        "ETag", "Link", "Retry-After", "RateLimit", "RateLimit-Policy", "api-supported-versions", "api-deprecated-versions", "Sunset",
        "Content-Disposition",
    ];

    /// <summary>The data is public and read-only, so any site may read it; nothing here accepts writes or credentials.</summary>
    public static void AddRegsosekCors(this IServiceCollection services) =>
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            // Conditional requests (If-None-Match) are not CORS-safelisted, so they need a preflight that allows them.
            .AllowAnyHeader()
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

    /// <summary>Before rate limiting, so a 429 still carries the CORS headers a browser needs to read it, and preflights cost no permit.</summary>
    public static void UseRegsosekCors(this WebApplication app) => app.UseCors();
}
