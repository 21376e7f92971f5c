using System.Diagnostics;
using System.Reflection;
using Regsosek.Data.Database;

namespace Regsosek.Tests.Infrastructure;

/// <summary>The real admin CLI, run as a process from its build output (src/Regsosek.Cli/bin/CONFIGURATION/net10.0/regsosek.dll).</summary>
public static class RegsosekCli
{
    /// <summary>The CLI of the same configuration and framework as these tests, which the test project's reference builds first.</summary>
    public static string Dll { get; } = Path.Combine(OpenApiLinter.RepoRoot, "src", "Regsosek.Cli", "bin",
        typeof(RegsosekCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        new DirectoryInfo(AppContext.BaseDirectory).Name, "regsosek.dll");

    /// <param name="withoutFileOverride">
    /// As root, drops the capabilities that let root read and write any file (setpriv), so that file permissions apply
    /// to the CLI as they would to an operator's account; the process stays root and can still read its own files.
    /// </param>
    public static ProcessStartInfo StartInfo(string adminConnectionString, IEnumerable<string> args, bool withoutFileOverride = false)
    {
        Assert.True(File.Exists(Dll), $"The CLI is not built at {Dll}; the test project references src/Regsosek.Cli, so a build should copy it.");
        var dropCapabilities = withoutFileOverride && Environment.IsPrivilegedProcess;
        var start = new ProcessStartInfo(dropCapabilities ? "setpriv" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment =
            {
                [$"ConnectionStrings__{DatabaseDefaults.AdminConnectionName}"] = adminConnectionString,
                // The CLI only writes progress to a terminal; keep its output plain.
                ["NO_COLOR"] = "1",
            },
        };
        if (dropCapabilities)
        {
            foreach (var a in new[] { "--bounding-set=-dac_override,-dac_read_search", "--", "dotnet" }) start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    public static Task<ProcessResult> RunAsync(string adminConnectionString, IEnumerable<string> args, bool withoutFileOverride = false) =>
        ProcessRunner.RunAsync(StartInfo(adminConnectionString, args, withoutFileOverride), TimeSpan.FromMinutes(3));
}
