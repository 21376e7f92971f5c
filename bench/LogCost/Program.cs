using System.Diagnostics;
using Regsosek.Api.Infrastructure;

// One request-log line, as the API writes it (its own logging method, the host's trace, connection and request scopes),
// logged COUNT times through the console set-up VARIANT; prints the CPU time per line (the process's, so the
// console writer's background thread counts too). Standard output is the log: send it to /dev/null.
//   none          the API with its request log turned off (what the scopes and the call itself cost)
//   json          the API as deployed (Logging:Format=json: ZLogger, formatting on a background thread, batched writes)
//   simple        the API with Logging:Format=simple (the built-in console logger, one text line, no scopes)
//   builtin-json  the built-in JSON console logger with scopes, as the API wrote its log before ZLogger
var (variant, count) = (args[0], int.Parse(args[1]));
var builder = WebApplication.CreateSlimBuilder();
builder.Configuration["Logging:LogLevel:Default"] = "Information";
builder.Configuration["Logging:Format"] = variant == "simple" ? LogFormatExtensions.Simple : LogFormatExtensions.Json;
if (variant == "builtin-json")
{
    builder.Logging.AddJsonConsole(options =>
    {
        options.IncludeScopes = true;
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    });
}
else
{
    builder.AddRegsosekLogFormat();
}
if (variant == "none")
{
    builder.Logging.AddFilter("Regsosek.Api.Requests", LogLevel.None);
}
var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Regsosek.Api.Requests");

void Log(int lines)
{
    for (var i = 0; i < lines; i++)
    {
        using var request = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").Start();
        using var connectionScope = logger.BeginScope(new Dictionary<string, object> { ["ConnectionId"] = "0HNQCB49OK04T" });
        using var requestScope = logger.BeginScope(new Dictionary<string, object>
        {
            ["RequestId"] = "0HNQCB49OK04T:00000001", ["RequestPath"] = "/api/v1/statistics/tiers",
        });
        RequestLoggingExtensions.LogRequest(logger, "GET", "/api/v1/statistics/tiers", "?region=18.71&release=bench-lampung", 200, 0.1234);
    }
}

Log(Math.Min(count, 20_000)); // warm-up: tiered JIT
var process = Process.GetCurrentProcess();
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
Log(count);
// Disposing the host drains the console queue, so every line's writing is counted.
await app.DisposeAsync();
process.Refresh();
Console.Error.WriteLine($"{variant} {(process.TotalProcessorTime - cpuBefore).TotalMicroseconds / count:F2}");
