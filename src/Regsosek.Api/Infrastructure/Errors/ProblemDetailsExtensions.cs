using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Regsosek.Api.Infrastructure.Errors;

public static class ProblemDetailsExtensions
{
    public static void AddRegsosekProblemDetails(this IServiceCollection services)
    {
        // Every query value binds as a string and is parsed by the API itself, so binding does not fail; should it
        // ever, the exception reaches BadRequestExceptionHandler instead of becoming a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (IsVersioningProblem(problem) || (status == StatusCodes.Status404NotFound && HasUnsupportedVersion(context.HttpContext.Request.Path)))
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
                Problems.DescribeUnsupportedApiVersion(problem, RequestedVersion(context.HttpContext.Request.Path),
                    VersioningExtensions.Supported.Select(v => v.ToString()));
            }
            else if (!problem.Type?.StartsWith("/problems/", StringComparison.Ordinal) ?? true)
            {
                if (ProblemTypes.ForStatus(status) is { } type)
                {
                    Problems.Describe(problem, type);
                }
            }
            if (status == StatusCodes.Status405MethodNotAllowed)
            {
                // Routing's own 405 says "GET" only; HEAD is answered wherever GET is (HeadRequestsExtensions).
                context.HttpContext.Response.Headers.Allow = ReadOnlyMethodsExtensions.Allowed;
            }
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.Remove("traceId");
            problem.Extensions.Remove("exception");
            if (status >= 500)
            {
                problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            }
        });
    }

    public static void UseRegsosekProblemDetails(this WebApplication app)
    {
        // An unhandled exception becomes a 500 problem with a traceId and nothing from the exception itself.
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        // Through ProblemWriter, so a bare status (an unknown path, a wrong method) is a problem document even when the
        // client's Accept excludes JSON (e.g. text/csv), where the default would fall back to text/plain.
        app.UseStatusCodePages(context => ProblemWriter.WriteAsync(context.HttpContext,
            new ProblemDetails { Status = context.HttpContext.Response.StatusCode }));
    }

    /// <summary>/api/v9/... reaches no endpoint at all; without this it would be a bare 404.</summary>
    private static bool HasUnsupportedVersion(PathString path) =>
        RequestedVersion(path) is { } version &&
        !VersioningExtensions.Supported.Any(v => Asp.Versioning.ApiVersionParser.Default.TryParse(version, out var parsed) && parsed == v);

    private static string? RequestedVersion(PathString path) =>
        path.Value is { } p && p.StartsWith("/api/v", StringComparison.OrdinalIgnoreCase)
            ? p[6..].Split('/')[0]
            : null;

    private static bool IsVersioningProblem(ProblemDetails problem) =>
        problem.Type is { } type && type.Contains("api-versioning.org/problems", StringComparison.Ordinal);

    /// <summary>Documents each problem type at its URI, so a client can dereference the type it receives.</summary>
    public static void MapProblemTypes(this WebApplication app)
    {
        app.MapGet("/problems/{slug}", (string slug) =>
                ProblemTypes.All.FirstOrDefault(t => t.Slug == slug) is { } type
                    ? Results.Ok(new { type = type.Uri, type.Status, type.Title, type.Description })
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound))
            .ExcludeFromDescription();
    }
}
