using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// A problem-details result whose status is part of its type, so that a <c>Results&lt;...&gt;</c>
/// union lists every status and OpenAPI documents each as application/problem+json.
/// </summary>
public abstract class ApiProblem : IResult, IStatusCodeHttpResult
{
    protected ApiProblem(ProblemType type, string detail, string? hint, IDictionary<string, object?>? extensions)
    {
        Problem = new ProblemDetails { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail };
        if (hint is not null)
        {
            Problem.Extensions["hint"] = hint;
        }
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            Problem.Extensions[key] = value;
        }
    }

    public ProblemDetails Problem { get; }

    public int? StatusCode => Problem.Status;

    public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, Problem);

    protected static void AddMetadata(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

public sealed class BadRequestProblem(ProblemType type, string detail, string? hint = null, IDictionary<string, object?>? extensions = null)
    : ApiProblem(type, detail, hint, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(builder, StatusCodes.Status400BadRequest);
}

public sealed class NotFoundProblem(ProblemType type, string detail, string? hint = null)
    : ApiProblem(type, detail, hint, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(builder, StatusCodes.Status404NotFound);
}

public sealed class NotAcceptableProblem(string detail, string? hint = null)
    : ApiProblem(ProblemTypes.NotAcceptable, detail, hint, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(builder, StatusCodes.Status406NotAcceptable);
}

public static class ProblemWriter
{
    /// <summary>
    /// Writes through IProblemDetailsService so customisation applies; when the client's Accept
    /// excludes JSON (e.g. text/csv), the problem is still sent as application/problem+json.
    /// </summary>
    public static async Task WriteAsync(HttpContext httpContext, ProblemDetails problem)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = httpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }))
        {
            return;
        }
        // The service declines before customising, so apply the customisation here: a framework-made problem
        // ({ status } only) gets its stable type, title and detail in this path too.
        var options = httpContext.RequestServices.GetRequiredService<IOptions<ProblemDetailsOptions>>().Value;
        options.CustomizeProblemDetails?.Invoke(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
        httpContext.Response.Headers.Remove("Content-Type");
        await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
