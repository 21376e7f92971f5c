using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;

namespace Regsosek.Api.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static void AddRegsosekHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgresql", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));

    /// <summary>Liveness never touches the database (a restart would not fix it); readiness does.</summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
    }
}
