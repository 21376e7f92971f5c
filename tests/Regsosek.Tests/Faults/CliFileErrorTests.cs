using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Regions;
using Regsosek.Tests.Import;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Faults;

/// <summary>
/// Files the CLI cannot read or write end the import with one line naming the file and the reason, exit code 1, and
/// nothing imported. As root the CLI runs without the capability to override file permissions, as an operator would.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliFileErrorTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly ImportFiles _files = new();
    private TestConnectionStrings _db = null!;
    private string _input = "";

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.GetAsync();
        await using var db = NpgsqlDataSource.Create(_db.Admin);
        var villages = (await VillageCodes.ListAsync(db, RegionCode.Parse("18.71"), CancellationToken.None)).Take(3).ToList();
        // Keys of their own: the record-key registry is shared with every other import test.
        var first = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        _input = _files.Write(ImportFiles.ValidRows(villages, 3, first).Append(ImportFiles.Row(first + 3, villages[0], tier: "rich")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task An_unreadable_input_file_gives_one_line_and_exit_code_1()
    {
        File.SetUnixFileMode(_input, UnixFileMode.None);
        var release = ImportDatabase.NewRelease("unreadable");

        var result = await RegsosekCli.RunAsync(_db.Admin, ["import", _input, "--release", release], withoutFileOverride: true);

        var line = AssertOneLineError(result);
        Assert.StartsWith($"regsosek: cannot read {_input}: ", line);
        Assert.Contains("denied", line);
        await AssertNotImportedAsync(release);
    }

    [Fact]
    public async Task A_reject_file_in_a_folder_without_write_permission_gives_one_line_and_exit_code_1_before_importing()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files.Folder, "read-only")).FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var rejects = Path.Combine(folder, "rejects.csv");
        var release = ImportDatabase.NewRelease("unwritable");

        var result = await RegsosekCli.RunAsync(_db.Admin,
            ["import", _input, "--release", release, "--max-errors", "5", "--reject-file", rejects], withoutFileOverride: true);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var line = AssertOneLineError(result);
        Assert.StartsWith($"regsosek: cannot write the reject file {rejects}: ", line);
        Assert.Contains("denied", line);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        await AssertNotImportedAsync(release);
    }

    [Fact]
    public async Task A_full_disk_under_the_reject_file_gives_one_line_and_exit_code_1_and_imports_nothing()
    {
        var rejects = Path.Combine(_files.Folder, "rejects.csv");
        // /dev/full answers every write with ENOSPC, exactly as a full file system does.
        File.CreateSymbolicLink(rejects + ".partial", "/dev/full");
        var release = ImportDatabase.NewRelease("diskfull");

        var result = await RegsosekCli.RunAsync(_db.Admin, ["import", _input, "--release", release, "--max-errors", "5", "--reject-file", rejects]);

        var line = AssertOneLineError(result);
        Assert.StartsWith($"regsosek: cannot write the reject file {rejects}: ", line);
        Assert.Contains("No space left on device", line);
        Assert.False(File.Exists(rejects));
        await AssertNotImportedAsync(release);
    }

    /// <summary>Exit code 1, no stack trace, and exactly one error line (progress lines may precede it).</summary>
    private string AssertOneLineError(ProcessResult result)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        var line = Assert.Single(result.StderrLines, l => l.StartsWith("regsosek: ", StringComparison.Ordinal));
        output.WriteLine($"exit {result.ExitCode}: {line}");
        return line;
    }

    private async Task AssertNotImportedAsync(string release)
    {
        await using var connection = new NpgsqlConnection(_db.Admin);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM stats.release WHERE name = @release", new { release }));
    }
}
