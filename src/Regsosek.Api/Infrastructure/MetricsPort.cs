using System.Globalization;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Configuration <c>Metrics:Port</c> and <c>Metrics:BindAddress</c>: where /metrics answers. It is for operators: it
/// names exception and handler types, the database port, the pool size and its live use, and a scrape is large (about
/// 380 KB), so without a port it is not served at all, and with one it answers only on that port, which the API then
/// also listens on (on the loopback address unless told otherwise) and which the public load balancer does not forward.
/// </summary>
public static class MetricsPort
{
    public const string PortKey = "Metrics:Port";
    public const string BindAddressKey = "Metrics:BindAddress";
    public const string DefaultBindAddress = "127.0.0.1";

    /// <summary>What Kestrel listens on when nothing says otherwise.</summary>
    private const string FrameworkDefaultUrls = "http://localhost:5000";

    public static int? Configured(IConfiguration configuration) => configuration.GetValue<int?>(PortKey);

    /// <summary>
    /// Adds the metrics port to the addresses the server listens on (configuration <c>Urls</c>), unless one of them has
    /// that port already. Here rather than with Kestrel's Listen, which would make Kestrel ignore <c>Urls</c> altogether.
    /// </summary>
    public static void Listen(WebApplicationBuilder builder)
    {
        if (Configured(builder.Configuration) is not { } port)
        {
            return;
        }
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        var addresses = string.IsNullOrWhiteSpace(urls) ? FrameworkDefaultUrls : urls;
        if (addresses.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(url => HasPort(url, port)))
        {
            return;
        }
        var bind = builder.Configuration[BindAddressKey] is { Length: > 0 } address ? address : DefaultBindAddress;
        // An IPv6 address goes in brackets in a URL.
        var host = bind.Contains(':', StringComparison.Ordinal) && !bind.StartsWith('[') ? $"[{bind}]" : bind;
        builder.WebHost.UseUrls($"{addresses};http://{host}:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>By the local port the connection came in on, never by the Host header, which a client chooses.</summary>
    public static bool Arrived(HttpContext context, int port) => context.Connection.LocalPort == port;

    private static bool HasPort(string url, int port) =>
        BindingAddress.Parse(url) is { } address && address.Port == port;
}
