using System.Diagnostics;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// Redocly CLI, pinned in tools/openapi-lint and installed by scripts/test.sh into the ignored
/// .local/tools/openapi-lint. A missing linter fails the test that needs it; nothing here skips.
/// </summary>
public static class OpenApiLinter
{
    public const string InstallHint =
        "Fix: run scripts/test.sh, which installs it, or: " +
        "mkdir -p .local/tools/openapi-lint && cp tools/openapi-lint/package*.json .local/tools/openapi-lint/ && npm ci --prefix .local/tools/openapi-lint";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Executable => Path.Combine(RepoRoot, ".local", "tools", "openapi-lint", "node_modules", ".bin", "redocly");

    public static string Config => Path.Combine(RepoRoot, "tools", "openapi-lint", "redocly.yaml");

    /// <summary>Lints one OpenAPI file with the committed ruleset; the exit code is 0 when no rule reports an error.</summary>
    public static async Task<(int ExitCode, string Output)> LintAsync(string document)
    {
        Assert.True(File.Exists(Executable), $"The OpenAPI linter (Redocly CLI) is not installed at {Executable}. {InstallHint}");
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "lint", document, "--config", Config, "--format", "stylish" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = RepoRoot,
            Environment =
            {
                // The check runs offline and unattended: no telemetry, no update notice, no colour codes in failure messages.
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
                ["NO_COLOR"] = "1",
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"redocly lint did not finish within 2 minutes: {await stdout}{await stderr}");
        }
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Regsosek.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Regsosek.sln above {AppContext.BaseDirectory}; the linter is found relative to the repository.");
    }
}
