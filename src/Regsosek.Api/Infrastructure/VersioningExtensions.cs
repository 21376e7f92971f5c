using Asp.Versioning;

namespace Regsosek.Api.Infrastructure;

public static class VersioningExtensions
{
    public static readonly ApiVersion V1 = new(1, 0);

    /// <summary>Versions this build serves, named in the problem answered for any other.</summary>
    public static readonly IReadOnlyList<ApiVersion> Supported = [V1];

    public static void AddRegsosekVersioning(this IServiceCollection services)
    {
        services.AddApiVersioning(options =>
            {
                options.DefaultApiVersion = V1;
                options.ReportApiVersions = true;
                options.ApiVersionReader = new UrlSegmentApiVersionReader();
                // Versions are retired by announcing a sunset first; clients see Sunset/Link headers on every response.
                options.Policies.Sunset(0.9).Effective(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Link("/swagger").Title("Versioning policy").Type("text/html");
            })
            .AddApiExplorer(options =>
            {
                options.GroupNameFormat = "'v'VVV";
                options.SubstituteApiVersionInUrl = true;
            });
    }
}
