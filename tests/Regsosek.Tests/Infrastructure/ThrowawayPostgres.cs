using Npgsql;
using System.Net;
using System.Net.Sockets;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own, in a temporary folder on a free loopback port, that the test may stop, crash
/// and restart; never the shared cluster. As root the server runs as the postgres user (PostgreSQL refuses root).
/// Trust authentication is safe here: it listens on 127.0.0.1 only and lives as long as the test.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _root;

    private ThrowawayPostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "server.log");

    public string ConnectionString(string database, string user, string? password = null)
    {
        var connectionString = $"Host=127.0.0.1;Port={Port};Database={database};Username={user}" + (password is null ? "" : $";Password={password}");
        lock (_handedOut) _handedOut.Add(connectionString);
        return connectionString;
    }

    // Every connection string handed out: after a stop their pools hold dead connections, which the next test to open
    // one would meet as "Exception while reading from stream" instead of its own fault.
    private readonly HashSet<string> _handedOut = [];

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) are needed by the database fault tests and were not found. " +
            "Fix: apt-get install -y postgresql (scripts/test.sh does this through scripts/pg.sh).");
        var root = Directory.CreateTempSubdirectory("regsosek-throwaway-pg-").FullName;
        var server = new ThrowawayPostgres(bin, root, FreeLoopbackPort());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await ProcessRunner.RunCheckedAsync("chown", [ServerUser, root], CommandTimeout);
            }
            await server.RunAsServerUserAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
            await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.conf"), $"""

                listen_addresses = '127.0.0.1'
                port = {server.Port}
                unix_socket_directories = ''
                max_connections = 40
                shared_buffers = 64MB
                fsync = off
                synchronous_commit = off
                full_page_writes = off

                """);
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>pg_ctl -w returns once the server accepts connections.</summary>
    public Task StartServerAsync() => RunAsServerUserAsync("pg_ctl", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start");

    /// <summary>Immediate mode: every backend dies at once with no shutdown checkpoint, as in a crash or a pulled plug.</summary>
    public async Task StopImmediatelyAsync()
    {
        await RunAsServerUserAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        string[] handedOut;
        lock (_handedOut) handedOut = [.. _handedOut];
        foreach (var connectionString in handedOut)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    public async Task<bool> IsRunningAsync() =>
        (await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "status"], CommandTimeout, ServerUserIfRoot)).ExitCode == 0;

    public async Task EnsureRunningAsync()
    {
        if (!await IsRunningAsync()) await StartServerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))) await StopImmediatelyAsync();
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string? ServerUserIfRoot => Environment.IsPrivilegedProcess ? ServerUser : null;

    private async Task RunAsServerUserAsync(string program, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(Path.Combine(_bin, program), args, CommandTimeout, ServerUserIfRoot);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {result}\nserver log:\n{log}");
        }
    }

    private static string? FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.Append("/usr/bin").FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <summary>The kernel picks a free port; the short race until the server binds it is acceptable for a test.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
