using System.Diagnostics;

namespace Regsosek.Cli.Commands;

/// <summary>
/// A progress line for long runs: redrawn in place on a terminal, a plain line every few seconds
/// otherwise (CI logs), and always a final summary with the rate.
/// </summary>
internal sealed class ConsoleProgress(string label, string unit) : IProgress<long>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private TimeSpan _lastPrint = TimeSpan.Zero;

    public void Report(long value)
    {
        var elapsed = _clock.Elapsed;
        var interval = _interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        if (elapsed - _lastPrint < interval)
        {
            return;
        }
        _lastPrint = elapsed;
        var line = $"{label}: {value:N0} {unit} ({Rate(value, elapsed):N0} {unit}/s, {elapsed.TotalSeconds:F0} s)";
        Console.Error.Write(_interactive ? $"\r{line}   " : line + Environment.NewLine);
    }

    public void Done(long value)
    {
        var elapsed = _clock.Elapsed;
        var line = $"{label}: {value:N0} {unit} in {elapsed.TotalSeconds:F1} s ({Rate(value, elapsed):N0} {unit}/s)";
        Console.Error.WriteLine(_interactive ? $"\r{line}   " : line);
    }

    private static double Rate(long value, TimeSpan elapsed) => value / Math.Max(elapsed.TotalSeconds, 1e-3);
}
