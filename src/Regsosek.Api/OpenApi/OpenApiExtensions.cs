using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Api.OpenApi;

public static class OpenApiExtensions
{
    public static void AddRegsosekOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<OpenApiDocumentCache>();
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
        var documents = app.DescribeApiVersions().Select(d => d.GroupName).ToList();
        var cache = app.Services.GetRequiredService<OpenApiDocumentCache>();
        // Only requests for Swagger pass through its middleware: for every other request it would match templates
        // and a regular expression against the path for nothing (bench/api.sh).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger =>
        {
            swagger.Use(cache.InvokeAsync);
            swagger.UseSwagger();
            swagger.UseSwaggerUI(options =>
            {
                foreach (var document in documents)
                {
                    options.SwaggerEndpoint($"/swagger/{document}/swagger.json", document.ToUpperInvariant());
                }
                options.DocumentTitle = "Regsosek Statistics API";
                options.DisplayOperationId();
                options.EnableTryItOutByDefault();
            });
        });
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
    }
}
