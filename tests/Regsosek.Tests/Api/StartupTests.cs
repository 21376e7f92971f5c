using System.Diagnostics;
using Regsosek.Data.Database;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

public sealed class StartupTests
{
    [Fact]
    public async Task Api_process_refuses_to_start_on_a_database_that_is_not_migrated_with_one_line()
    {
        var blank = await TestDatabase.RecreateAsync(TestDatabase.Name + "_blank");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Regsosek.Api.dll") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                [$"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"] = blank.Api,
                ["Urls"] = "http://127.0.0.1:0",
                ["Logging__LogLevel__Default"] = "None",
            },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.Contains("not migrated", line);
        Assert.Contains("migrate", line);
    }
}
