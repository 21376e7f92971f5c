using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// /metrics for an in-memory test host. It answers only on Metrics:Port, by the local port a request came in on; the
/// test server has no ports, so every request is made to arrive on that one. Tests of the port itself run real processes
/// (MetricsTests).
/// </summary>
public static class TestMetricsPort
{
    public const int Port = 9464;

    public static IWebHostBuilder UseTestMetricsPort(this IWebHostBuilder builder) =>
        builder.UseSetting("Metrics:Port", Port.ToString())
            .ConfigureServices(services => services.AddTransient<IStartupFilter, ArriveOnMetricsPort>());

    private sealed class ArriveOnMetricsPort : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.LocalPort = Port;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
