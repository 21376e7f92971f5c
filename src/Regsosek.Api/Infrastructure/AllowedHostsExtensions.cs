using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Primitives;
using Regsosek.Api.Infrastructure.Errors;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Configuration <c>AllowedHosts</c> (semicolon-separated, <c>*.example.org</c> wildcards, ports ignored; <c>*</c> allows
/// any): the names this service answers to. Anything else may build a link or a redirect from the Host header, and a
/// cache that does not key on Host would then serve that to everyone (cache poisoning), so another Host gets 400.
/// </summary>
public static class AllowedHostsExtensions
{
    public const string Key = "AllowedHosts";

    /// <summary>
    /// Replaces the framework's host filter, which runs before every middleware and answers with an empty 400: this one
    /// answers with the invalid-host problem and the security headers, like every other refusal.
    /// </summary>
    public static void AddRegsosekAllowedHosts(this IServiceCollection services) =>
        services.Configure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);

    public static void UseRegsosekAllowedHosts(this WebApplication app)
    {
        var allowed = (app.Configuration[Key] ?? "*")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(host => new StringSegment(host))
            .ToList();
        if (allowed.Count == 0 || allowed.Any(host => host == "*"))
        {
            return;
        }
        // The metrics port is for the operators' scraper, which names whatever address it was given; nothing there is cached.
        var metricsPort = MetricsPort.Configured(app.Configuration);
        app.Use((context, next) =>
        {
            var host = context.Request.Host;
            // An HTTP/1.0 request may have no Host at all (HTTP/1.1 without one never gets here: Kestrel refuses it).
            if (!host.HasValue || HostString.MatchesAny(host.Value, allowed) || (metricsPort is { } port && MetricsPort.Arrived(context, port)))
            {
                return next(context);
            }
            return Problems.InvalidHost().ExecuteAsync(context);
        });
    }
}
