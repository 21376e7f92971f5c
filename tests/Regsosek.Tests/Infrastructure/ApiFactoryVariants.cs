using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Regsosek.Tests.Infrastructure;

/// <summary>A separate host on the same test database, for tests that need settings or state the shared host must not get.</summary>
public static class ApiFactoryVariants
{
    public static WebApplicationFactory<Program> WithSettings(this ApiFactory factory, Dictionary<string, string?> settings) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings)));

    public static WebApplicationFactory<Program> WithLogCapture(this ApiFactory factory, LogCapture capture) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services
            .AddSingleton<ILoggerProvider>(capture)
            .AddSingleton(capture.CountRequests())));
}
