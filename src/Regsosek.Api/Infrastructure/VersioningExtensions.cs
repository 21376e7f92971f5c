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
            })
            .AddApiExplorer(options =>
            {
                options.GroupNameFormat = "'v'VVV";
                options.SubstituteApiVersionInUrl = true;
            });
        // The versions and their answers stay the library's; only its per-request reading of the path is remembered.
        PathVersionMatcherPolicy.Install(services);
    }
}
