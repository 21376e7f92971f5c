using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Regsosek.Data.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Browser;

/// <summary>
/// The API on Kestrel at a free loopback port, on the shared test database: a browser needs a real socket, and so does
/// a request Kestrel itself must parse (raw bytes, a client's own address), which the in-memory TestServer of
/// <see cref="ApiFactory"/> does not have. <paramref name="settings"/> add to or override the defaults below.
/// </summary>
public sealed class KestrelApiFactory(TestConnectionStrings database, Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(QuietConsole.Settings).AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseDefaults.ApiConnectionName}"] = database.Api,
            // A page load makes several API calls; the limit has tests of its own.
            ["RateLimiting:PermitsPerWindow"] = "1000000",
            ["ConcurrencyLimits:PerClient"] = "1000000",
        }).AddInMemoryCollection(settings ?? []));
    }
}
