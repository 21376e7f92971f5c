using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

public static class OpenApiExtensions
{
    public static void AddRegsosekOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddTransient<IConfigureOptions<SwaggerGenOptions>, ConfigureSwaggerOptions>();
        services.AddSwaggerGen(options =>
        {
            var xml = Path.Combine(AppContext.BaseDirectory, "Regsosek.Api.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
            options.SupportNonNullableReferenceTypes();
        });
    }

    /// <summary>Must run after every API is mapped, so DescribeApiVersions sees all versions.</summary>
    public static void UseRegsosekSwaggerUi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            foreach (var description in app.DescribeApiVersions())
            {
                options.SwaggerEndpoint($"/swagger/{description.GroupName}/swagger.json", description.GroupName.ToUpperInvariant());
            }
            options.DocumentTitle = "Regsosek Statistics API";
            options.DisplayOperationId();
            options.EnableTryItOutByDefault();
        });
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
    }
}
