using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Regsosek.Api.Infrastructure.Errors;

/// <summary>
/// A problem-details answer, built by <see cref="Problems"/>. Middleware writes it as it is; a handler returns one of
/// the subclasses, whose status is part of its type, so that a <c>Results&lt;...&gt;</c> union lists every status and
/// OpenAPI documents each as application/problem+json.
/// </summary>
public class ApiProblem : IResult, IStatusCodeHttpResult
{
    internal ApiProblem(ProblemDetails problem) => Problem = problem;

    public ProblemDetails Problem { get; }

    public int? StatusCode => Problem.Status;

    public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, Problem);

    protected static void AddMetadata(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

public sealed class BadRequestProblem : ApiProblem, IEndpointMetadataProvider
{
    internal BadRequestProblem(ProblemDetails problem) : base(problem)
    {
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(builder, StatusCodes.Status400BadRequest);
}

public sealed class NotFoundProblem : ApiProblem, IEndpointMetadataProvider
{
    internal NotFoundProblem(ProblemDetails problem) : base(problem)
    {
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(builder, StatusCodes.Status404NotFound);
}

public sealed class NotAcceptableProblem : ApiProblem, IEndpointMetadataProvider
{
    internal NotAcceptableProblem(ProblemDetails problem) : base(problem)
    {
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => AddMetadata(builder, StatusCodes.Status406NotAcceptable);
}
