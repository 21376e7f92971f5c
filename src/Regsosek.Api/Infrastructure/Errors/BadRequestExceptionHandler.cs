using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Regsosek.Api.Infrastructure.Errors;

/// <summary>
/// Turns a parameter the framework could not bind (limit=abc) into a 400 that names the parameter,
/// instead of a bare status; the raw exception text, which names C# types, is never sent.
/// </summary>
internal sealed partial class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var problem = Problems.UnreadableRequest();
        if (BindFailure().Match(bad.Message) is { Success: true } m)
        {
            var name = char.ToLowerInvariant(m.Groups["name"].Value[0]) + m.Groups["name"].Value[1..];
            var type = m.Groups["type"].Value;
            var expected = type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase)
                ? "an integer"
                : type.Contains("bool", StringComparison.OrdinalIgnoreCase) ? "true or false" : "a valid value";
            problem = Problems.InvalidParameter(name, $"{name} '{Problems.Echo(m.Groups["value"].Value)}' is not {expected}.");
        }
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindFailure();
}
