using System.Diagnostics;
using Dapper;
using Npgsql;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Faults;

/// <summary>
/// The real CLI is killed with SIGKILL in the middle of an import or a publish, at chosen phases and at random
/// moments: every time the database holds exactly what it held before, and running the command again succeeds.
/// Runs on a database copy of its own, so that no other test's work changes the fingerprint meanwhile.
/// </summary>
public sealed class KilledCliTests(ITestOutputHelper output) : DatabaseCopyTests("kill")
{
    private const int Families = 30_000;
    private static readonly TimeSpan BackendExitBound = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("regsosek-kill-");

    protected override async Task SetUpAsync()
    {
        await using var db = NpgsqlDataSource.Create(Db.Admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(db);
        // The same family keys in every file with different contents: a later import rewrites registry rows (changed family sizes).
        foreach (var seed in new[] { 1, 2, 3 })
        {
            FamilyCsvWriter.WriteFile(File(seed), FamilyGenerator.Generate(villages, new GeneratorOptions(seed, Families)));
        }
    }

    protected override Task TearDownAsync()
    {
        _files.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private string File(int seed) => Path.Combine(_files.FullName, $"families-{seed}.csv");

    [Fact]
    public async Task Killing_the_cli_anywhere_in_import_or_publish_leaves_the_previous_state_and_a_rerun_succeeds()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("REGSOSEK_KILL_SEED"), out var s) ? s : Environment.TickCount & 0xFFFF;
        var random = new Random(seed);
        output.WriteLine($"seed {seed} (rerun with REGSOSEK_KILL_SEED={seed}); {Families:N0} families per file");

        // The previous state: release one published and current, release two imported and waiting to be published.
        var importTime = await TimedAsync(() => RunCliAsync("import", File(1), "--release", "one"));
        var publishTime = await TimedAsync(() => RunCliAsync("publish", "--release", "one"));
        await RunCliAsync("import", File(2), "--release", "two");
        output.WriteLine($"uninterrupted: import {importTime.TotalSeconds:F1} s, publish {publishTime.TotalSeconds:F1} s");
        var before = await DatabaseState.FingerprintAsync(Db.Admin);

        string[] importThree = ["import", File(3), "--release", "three"];
        string[] publishTwo = ["publish", "--release", "two"];
        // Every point holds a lock the command's last phase needs, so a run that is quicker than the uninterrupted one
        // (or a kill point chosen late) still finds the command unfinished; the blocked phases are killed while waiting.
        const string holdAttach = "LOCK TABLE microdata.family IN SHARE MODE";
        const string holdRegistry = "LOCK TABLE microdata.record_key IN SHARE MODE";
        const string holdSwitch = "SELECT 1 FROM stats.release WHERE is_current FOR UPDATE";
        KillPoint[] points =
        [
            new("import, while COPY streams rows", importThree, holdAttach, Trigger: q => q.StartsWith("COPY microdata.family_r"), MaxDelayMs: 20),
            new("import, just after COPY (primary key, keys, registry)", importThree, holdRegistry, Trigger: AfterCopy, MaxDelayMs: 150),
            new("import, updating the record-key registry (held by a lock)", importThree, holdRegistry,
                Trigger: q => q.Contains("microdata.record_key")),
            new("import, attaching the partition (held by a lock)", importThree, holdAttach, Trigger: q => q.Contains("ATTACH PARTITION")),
            new("import, at a random moment", importThree, holdAttach, AtMs: random.Next(100, (int)(importTime.TotalMilliseconds * 0.8))),
            new("publish, aggregating and perturbing", publishTwo, holdSwitch, Trigger: q => q.Contains("pub_"), MaxDelayMs: 500),
            new("publish, writing the published values", publishTwo, holdSwitch,
                Trigger: q => q.StartsWith("INSERT INTO stats.region_stat"), MaxDelayMs: 200),
            new("publish, switching the current release (held by a lock)", publishTwo, holdSwitch, Trigger: q => q.Contains("UPDATE stats.release")),
            new("publish, at a random moment", publishTwo, holdSwitch, AtMs: random.Next(100, (int)(publishTime.TotalMilliseconds * 0.8))),
        ];

        for (var run = 0; run < points.Length; run++)
        {
            // A short phase can pass between two looks on a busy machine; the command then waits at the held lock and
            // is killed there (which must change nothing either), and the point is tried again.
            for (var attempt = 1; ; attempt++)
            {
                var killed = await KillAsync(points[run], $"kill-{run}-{attempt}-{seed}", random);
                var after = await DatabaseState.FingerprintAsync(Db.Admin);
                output.WriteLine($"run {run + 1}.{attempt}: {points[run].Name}: {(killed.Missed ? "phase missed, " : "")}killed after " +
                                 $"{killed.Delay.TotalMilliseconds:F0} ms during \"{killed.Doing}\"; backend gone " +
                                 $"{killed.BackendGone.TotalMilliseconds:F0} ms later; state {(after.SequenceEqual(before) ? "unchanged" : "CHANGED")}");
                Assert.True(after.SequenceEqual(before), $"{points[run].Name}: the database changed.\n{DatabaseState.Difference(before, after)}");
                if (!killed.Missed) break;
                Assert.True(attempt < 10, $"{points[run].Name}: the phase was missed {attempt} times in a row");
            }
        }

        var rerunImport = await RunCliAsync(importThree);
        Assert.Contains("import: release three", rerunImport.Stdout);
        await RunCliAsync(publishTwo);
        await using var connection = new NpgsqlConnection(Db.Admin);
        var releases = (await connection.QueryAsync<(string, string, bool)>("SELECT name, status, is_current FROM stats.release ORDER BY name")).AsList();
        Assert.Equal([("one", "published", false), ("three", "imported", false), ("two", "published", true)], releases);
        Assert.Equal(Families, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM microdata.family f JOIN stats.release r ON r.id = f.release_id WHERE r.name = 'three'"));
        output.WriteLine("rerun: import three and publish two succeeded");
    }

    private sealed record KillPoint(string Name, string[] Args, string Blocker, Func<string, bool>? Trigger = null, int MaxDelayMs = 0, int? AtMs = null);

    private sealed record Killed(TimeSpan Delay, string Doing, TimeSpan BackendGone, bool Missed);

    /// <summary>
    /// The phases between COPY and the registry (held by a lock); matched by what they run, not by having seen COPY
    /// first, since a 30,000-row COPY can pass between two looks.
    /// </summary>
    private static bool AfterCopy(string query) =>
        query.Contains("PRIMARY KEY (release_id") || query.StartsWith("ANALYZE microdata.family_r") || query.Contains("UPDATE microdata.record_key");

    private async Task<Killed> KillAsync(KillPoint point, string application, Random random)
    {
        await using var watcher = new NpgsqlConnection(Db.Admin);
        await watcher.OpenAsync();
        await using var blocker = new NpgsqlConnection(Db.Admin);
        await blocker.OpenAsync();
        var held = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync(point.Blocker, transaction: held);

        var connection = new NpgsqlConnectionStringBuilder(Db.Admin) { ApplicationName = application }.ConnectionString;
        using var process = Process.Start(RegsosekCli.StartInfo(connection, point.Args))!;
        try
        {
            return await KillAtAsync(point, application, random, process, watcher, held);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    private static async Task<Killed> KillAtAsync(KillPoint point, string application, Random random, Process process,
        NpgsqlConnection watcher, NpgsqlTransaction held)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        // A bound against hanging, not a timing: a publish with its custom tables took over 2 minutes on a loaded machine.
        var deadline = TimeSpan.FromMinutes(5);
        TimeSpan? fireAt = point.AtMs is { } at ? TimeSpan.FromMilliseconds(at) : null;
        var doing = "";
        var missed = false;
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"{point.Name}: the CLI ended (exit {process.ExitCode}) before it was killed; doing \"{doing}\"\n{await stdout}\n{await stderr}");
            }
            Assert.True(clock.Elapsed < deadline, $"{point.Name}: the trigger never fired; last seen \"{doing}\"");
            var backend = await BackendAsync(watcher, application);
            doing = backend?.ToString() ?? "(not connected yet)";
            if (fireAt is null && backend is not null && point.Trigger!(backend.Query))
            {
                // Blocked phases wait on the lock until killed; the others get a random extra delay inside the phase.
                fireAt = clock.Elapsed + TimeSpan.FromMilliseconds(random.Next(0, point.MaxDelayMs + 1));
            }
            if (fireAt is { } when && clock.Elapsed >= when) break;
            if (fireAt is null && backend is { WaitEventType: "Lock" })
            {
                missed = true;
                break;
            }
            await Task.Delay(1);
        }
        doing = (await BackendAsync(watcher, application))?.ToString() ?? "(not connected yet)";
        var delay = clock.Elapsed;
        process.Kill(); // SIGKILL: no handler, no finally, no rollback from the client
        await process.WaitForExitAsync();
        await held.RollbackAsync();

        // The server ends a dead client's transaction when it next reads from the socket; only then is the state final.
        var gone = Stopwatch.StartNew();
        while (await BackendAsync(watcher, application) is not null)
        {
            Assert.True(gone.Elapsed < BackendExitBound, $"{point.Name}: the killed CLI's backend is still there after {BackendExitBound.TotalSeconds} s");
            await Task.Delay(20);
        }
        return new Killed(delay, Shorten(doing), gone.Elapsed, missed);
    }

    private sealed record Backend(string State, string? WaitEventType, string Query)
    {
        public override string ToString() => $"{State}{(WaitEventType is null ? "" : $", waiting on {WaitEventType}")}: {Query.Trim()}";
    }

    // An import also reads the record-key registry on a second connection, opened after the one that writes: the
    // first is the one watched.
    private static async Task<Backend?> BackendAsync(NpgsqlConnection watcher, string application) =>
        await watcher.QueryFirstOrDefaultAsync<Backend>("""
            SELECT state AS State, wait_event_type AS WaitEventType, query AS Query FROM pg_stat_activity
             WHERE application_name = @application ORDER BY backend_start, pid LIMIT 1
            """, new { application });

    private static string Shorten(string activity)
    {
        var oneLine = string.Join(' ', activity.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 90 ? oneLine : oneLine[..90] + "…";
    }

    private async Task<ProcessResult> RunCliAsync(params string[] args)
    {
        var result = await RegsosekCli.RunAsync(Db.Admin, args);
        Assert.True(result.ExitCode == 0, $"regsosek {string.Join(' ', args)}: {result}");
        return result;
    }

    private static async Task<TimeSpan> TimedAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }
}
