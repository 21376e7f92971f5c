using Microsoft.AspNetCore.Diagnostics;

namespace Regsosek.Api.Infrastructure.Errors;

/// <summary>
/// A request the framework could not read becomes a 400 problem rather than a 500. Query values bind as strings and
/// are parsed by the API, which names the parameter; this is only the net below that, so it says nothing specific and
/// never reads the exception's text (English prose that names C# types and changes between framework versions).
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException)
        {
            return false;
        }
        await Problems.UnreadableRequest().ExecuteAsync(httpContext);
        return true;
    }
}
