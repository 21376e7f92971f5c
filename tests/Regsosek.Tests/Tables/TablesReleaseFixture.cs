using Dapper;
using Npgsql;
using Regsosek.Pipeline.Import;
using Regsosek.Pipeline.Publishing;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Tables;

/// <summary>
/// The statistics tests' synthetic Lampung release, whose publication computes its custom tables too, and a small
/// second release published the same way and then stripped of its tables (as a release published before custom tables
/// existed: table_limits and table_checksum NULL, no cells), for the 404.
/// </summary>
public sealed class TablesReleaseFixture : IAsyncLifetime
{
    private readonly StatisticsReleaseFixture _release = new();

    public string ReleaseName => _release.ReleaseName;
    public int ReleaseId => _release.ReleaseId;
    public string Admin => _release.Admin;
    public string WithoutTables { get; } = "notables-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The release's table_limits as published, e.g. {"district": 2, ...}.</summary>
    public IReadOnlyDictionary<string, int> Limits { get; private set; } = new Dictionary<string, int>();

    public async Task InitializeAsync()
    {
        await _release.InitializeAsync();
        await using var db = NpgsqlDataSource.Create(Admin);
        await using (var connection = await db.OpenConnectionAsync())
        {
            var limits = await connection.QuerySingleAsync<string?>("SELECT table_limits::text FROM stats.release WHERE id = @id", new { id = ReleaseId });
            Assert.True(limits is not null, "the publisher gave the release no table_limits: custom tables were not published");
            // The five levels by name, as the API reads them (the stored object may carry more).
            var stored = System.Text.Json.JsonDocument.Parse(limits).RootElement;
            Limits = new[] { "national", "province", "regency", "district", "village" }.ToDictionary(l => l, l => stored.GetProperty(l).GetInt32());
        }
        var villages = (await PublishedReleaseFixture.LampungVillagesAsync(db)).Take(20).ToList();
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var path = Path.Combine(Path.GetTempPath(), WithoutTables + ".csv");
        try
        {
            FamilyCsvWriter.WriteFile(path, FamilyGenerator.Generate(villages, new GeneratorOptions(5, 500)).Select(f => f with { FamilyKey = f.FamilyKey + offset }));
            var id = (await FamilyImporter.ImportAsync(db, path, new ImportOptions(WithoutTables) { Description = "Release without custom tables" })).ReleaseId;
            await ReleasePublisher.PublishAsync(db, WithoutTables, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None, makeCurrent: false);
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteAsync("""
                DELETE FROM stats.table_cell WHERE release_id = @id;
                UPDATE stats.release SET table_limits = NULL, table_checksum = NULL WHERE id = @id;
                """, new { id });
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
