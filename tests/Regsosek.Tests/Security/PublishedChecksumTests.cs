using System.Diagnostics;
using Dapper;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Security;

/// <summary>
/// Published numbers never change: a release whose stored values differ from the checksum taken at publish time makes
/// the API refuse to start, with one line naming the release. Tampering needs a database of its own.
/// </summary>
public sealed class PublishedChecksumTests(ITestOutputHelper output) : DatabaseCopyTests("checksum")
{
    private const string Release = "tampered";
    private int _releaseId;

    protected override async Task SetUpAsync()
    {
        await using var db = NpgsqlDataSource.Create(Db.Admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(db);
        _releaseId = await PublishedReleaseFixture.ImportAndPublishAsync(db, Release, FamilyGenerator.Generate(villages, new GeneratorOptions(5, 5_000)));
    }

    private async Task<long> RowsAsync()
    {
        await using var admin = new NpgsqlConnection(Db.Admin);
        return await admin.ExecuteScalarAsync<long>("SELECT count(*) FROM stats.region_stat");
    }

    [Fact]
    public async Task The_api_refuses_to_start_with_one_line_when_a_published_value_was_changed_afterwards()
    {
        await using var api = NpgsqlDataSource.Create(Db.Api);
        var clock = Stopwatch.StartNew();
        Assert.Empty(await ReleaseChecksum.FindAlteredAsync(api, CancellationToken.None));
        output.WriteLine($"start-up check of one published release ({await RowsAsync()} rows): {clock.ElapsedMilliseconds} ms");

        await using (var admin = new NpgsqlConnection(Db.Admin))
        {
            Assert.Equal(1, await admin.ExecuteAsync(
                "UPDATE stats.region_stat SET families_total = families_total + 1 WHERE release_id = @id AND region_code = '18.71'", new { id = _releaseId }));
        }
        var altered = Assert.Single(await ReleaseChecksum.FindAlteredAsync(api, CancellationToken.None));
        Assert.Equal((_releaseId, Release), (altered.Id, altered.Name));

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Regsosek.Api.dll") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                [$"ConnectionStrings__{DatabaseDefaults.ApiConnectionName}"] = Db.Api,
                ["Urls"] = "http://127.0.0.1:0",
                ["Logging__LogLevel__Default"] = "None",
            },
        };
        var result = await ProcessRunner.RunAsync(start, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("regsosek-api: published values of release 'tampered'", line);
        Assert.Contains("checksum", line);
        output.WriteLine($"exit {result.ExitCode}: {line}");
    }
}
