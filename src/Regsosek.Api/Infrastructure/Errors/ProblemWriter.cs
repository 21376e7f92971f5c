using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Regsosek.Api.Infrastructure.Errors;

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
