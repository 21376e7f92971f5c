using System.Diagnostics;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// Waits for a condition, not for a length of time: polls until it holds or a deadline passes, so a test goes on as
/// soon as what it waits for has happened, and on a slow machine still waits long enough. The caller asserts on the
/// outcome, or on the state itself afterwards.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <returns>Whether <paramref name="condition"/> held before <paramref name="within"/> passed.</returns>
    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan within) =>
        HoldsAsync(() => Task.FromResult(condition()), within);

    /// <inheritdoc cref="HoldsAsync(Func{bool}, TimeSpan)"/>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed >= within)
            {
                return false;
            }
            await Task.Delay(Poll);
        }
        return true;
    }
}
