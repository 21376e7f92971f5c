using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;

namespace Regsosek.Tests.Parsing;

/// <summary>Reads a parser's outcome in a test: the value it must have, or the problem it must have instead.</summary>
internal static class Parsed
{
    public static T Value<T, TProblem>(Outcome<T, TProblem> outcome) where TProblem : class, IResult
    {
        Assert.True(outcome.Problem is null, $"expected a value, got the problem {Describe(outcome.Problem)}");
        return outcome.Value;
    }

    /// <summary>Asserts the problem's status, type and (when given) the parameter it names, and returns it.</summary>
    public static ProblemDetails Problem<T, TProblem>(Outcome<T, TProblem> outcome, int status, string type, string? parameter = null)
        where TProblem : class, IResult
    {
        var problem = Details(outcome.Problem ?? throw new Xunit.Sdk.XunitException("expected a problem, got a value"));
        Assert.Equal(status, problem.Status);
        Assert.Equal(type, problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        if (parameter is not null)
        {
            Assert.Equal(parameter, problem.Extensions["parameter"]);
        }
        return problem;
    }

    public static ProblemDetails BadRequest<T>(Outcome<T, BadRequestProblem> outcome, string type, string parameter) =>
        Problem(outcome, StatusCodes.Status400BadRequest, type, parameter);

    public static ProblemDetails InvalidParameter<T>(Outcome<T, BadRequestProblem> outcome, string parameter) =>
        BadRequest(outcome, "/problems/invalid-parameter", parameter);

    public static ProblemDetails InvalidCursor<T>(Outcome<T, BadRequestProblem> outcome) =>
        BadRequest(outcome, "/problems/invalid-cursor", "cursor");

    /// <summary>A union of problems (400 or 406) holds one of them.</summary>
    private static ProblemDetails Details(IResult result) => result switch
    {
        ApiProblem problem => problem.Problem,
        INestedHttpResult nested => Details(nested.Result),
        _ => throw new Xunit.Sdk.XunitException($"{result.GetType().Name} is not a problem"),
    };

    private static string Describe(IResult? result) => result is null ? "" : $"{Details(result).Type}: {Details(result).Detail}";
}
