using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Regsosek.Data.Database;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// The API in-process on a database of the test's own (a throwaway server, a copy), with settings of its own. No
/// output cache, so every request reaches the database; errors only in the log, so an outage does not flood it.
/// </summary>
public sealed class IsolatedApi(string apiConnectionString, Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config =>
        {
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DatabaseDefaults.ApiConnectionName}"] = apiConnectionString,
                ["RateLimiting:PermitsPerWindow"] = "1000000",
                ["ConcurrencyLimits:PerClient"] = "1000000",
                // The pool's own bounded wait is what these tests observe; the bound in front of it has tests of its own.
                ["ConcurrencyLimits:Global"] = "1000000",
                ["OutputCache:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
                // A failing readiness probe logs its exception with a stack trace; the test asserts on the probe instead.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
            });
            if (settings is not null) config.AddInMemoryCollection(settings);
        });
    }
}
