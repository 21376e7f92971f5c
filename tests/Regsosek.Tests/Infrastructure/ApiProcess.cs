using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// The API as its own process (dotnet Regsosek.Api.dll), on a free loopback port, with its console output kept line
/// by line: for what only a real process shows, such as what its logs look like on standard output.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<string> OutputLines => [.. _output];

    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Regsosek.Api.dll") },
            // The content root, so the process reads the appsettings*.json copied beside the tests.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Urls"] = "http://127.0.0.1:0" },
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var api = new ApiProcess(Process.Start(start)!);
        api._process.OutputDataReceived += (_, e) => { if (e.Data is not null) api._output.Enqueue(e.Data); };
        api._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) api._output.Enqueue(e.Data); };
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            // With Metrics__Port the process also listens there; Address is the other one, the public port.
            var metricsPort = environment.TryGetValue("Metrics__Port", out var port) ? port : null;
            var listening = await api.WaitForLineAsync(line => ListeningOn().Match(line) is { Success: true } match && match.Groups["port"].Value != metricsPort,
                TimeSpan.FromSeconds(60));
            api.Address = new Uri(ListeningOn().Match(listening).Groups["address"].Value);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first output line that matches, waiting for it; the process may write a request's log line after the response.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }
            if (_process.HasExited)
            {
                break;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"the API process wrote no such line (exited: {_process.HasExited}); its output:\n{string.Join('\n', _output)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.\d+:(?<port>\d+))")]
    private static partial Regex ListeningOn();
}
