using System.Diagnostics;
using Npgsql;

namespace Regsosek.Tests.Scale;

/// <summary>
/// A throwaway PostgreSQL primary and streaming standby on free loopback ports (tests/scale/pg-pair.sh), removed on
/// dispose. Starting it is required, not optional: when it cannot be had the test fails, saying why.
/// </summary>
public sealed class ReplicatedPair : IAsyncDisposable
{
    private readonly string _directory;

    private ReplicatedPair(string directory, int primaryPort, int standbyPort)
    {
        _directory = directory;
        PrimaryPort = primaryPort;
        StandbyPort = standbyPort;
    }

    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    /// <summary>The admin role on the primary: migrations and loads, as the CLI would.</summary>
    public string Admin => $"Host=127.0.0.1;Port={PrimaryPort};Database=regsosek;Username=regsosek;Password=regsosek";

    /// <summary>What the README recommends for the API: the standby preferred, the primary when no standby answers.</summary>
    public string ApiMultiHost =>
        $"Host=127.0.0.1:{StandbyPort},127.0.0.1:{PrimaryPort};Database=regsosek;Username=regsosek_api;Password=regsosek_api;" +
        "Target Session Attributes=prefer-standby;Load Balance Hosts=true";

    public static async Task<ReplicatedPair> StartPrimaryAsync()
    {
        var primaryPort = int.Parse(await RunAsync("free-port"));
        int standbyPort;
        do
        {
            standbyPort = int.Parse(await RunAsync("free-port"));
        }
        while (standbyPort == primaryPort);
        var directory = Path.Combine(Path.GetTempPath(), "regsosek-pair-" + Guid.NewGuid().ToString("N")[..8]);
        var pair = new ReplicatedPair(directory, primaryPort, standbyPort);
        try
        {
            await RunAsync("primary", directory, primaryPort.ToString());
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Copies the primary as it is now (pg_basebackup -R) and waits until the copy streams from it.</summary>
    public Task StartStandbyAsync() => RunAsync("standby", _directory, PrimaryPort.ToString(), StandbyPort.ToString());

    public Task CrashStandbyAsync() => RunAsync("crash", _directory, "standby");

    public Task CrashPrimaryAsync() => RunAsync("crash", _directory, "primary");

    /// <summary>The superuser on one server of the pair, to look at it from outside (pg_stat_activity, pg_is_in_recovery).</summary>
    public NpgsqlDataSource Superuser(int port) => NpgsqlDataSource.Create(
        $"Host=127.0.0.1;Port={port};Database=regsosek;Username=postgres;Password={File.ReadAllText(Path.Combine(_directory, "superuser.password")).Trim()};Pooling=false");

    public async ValueTask DisposeAsync() => await RunAsync("destroy", _directory);

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tests", "scale", "pg-pair.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The scale-out tests need a PostgreSQL primary and standby of their own; pg-pair.sh {arguments[0]} failed: {(await stderr).Trim()}");
        }
        return (await stdout).Trim();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Regsosek.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Regsosek.sln above {AppContext.BaseDirectory}; tests/scale/pg-pair.sh is found relative to the repository.");
    }
}
