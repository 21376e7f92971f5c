namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// Settings that keep a host under test's console log to warnings and errors: at the host's own levels a passing run
/// printed 12.5 MB, most of it one JSON line per request (the JSON console is ZLogger's, which the built-in Console
/// filter does not reach). Only the console providers are filtered, by their aliases, so a <see cref="LogCapture"/>
/// on the host still gets every entry the host's levels let through.
/// </summary>
public static class QuietConsole
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Logging:Console:LogLevel:Default"] = "Warning",
        ["Logging:ZLoggerConsole:LogLevel:Default"] = "Warning",
    };
}
