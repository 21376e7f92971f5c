using System.Diagnostics;

namespace Regsosek.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs a program to its end within a bound; a hang fails the test instead of stalling the run.</summary>
public static class ProcessRunner
{
    /// <summary>As root, runs <paramref name="file"/> as <paramref name="user"/> (through runuser); otherwise as the current user.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string? user = null)
    {
        var asOther = user is not null && Environment.IsPrivilegedProcess;
        var start = new ProcessStartInfo(asOther ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (asOther)
        {
            foreach (var a in new[] { "-u", user!, "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        if (start.RedirectStandardInput) process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? user = null) =>
        RunAsync(StartInfo(file, args, user), timeout);

    public static async Task<ProcessResult> RunCheckedAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? user = null)
    {
        var result = await RunAsync(file, args, timeout, user);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {result}");
    }
}
