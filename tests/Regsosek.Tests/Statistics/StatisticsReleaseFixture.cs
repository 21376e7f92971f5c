using Npgsql;
using Regsosek.Pipeline.Import;
using Regsosek.Pipeline.Publishing;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Disclosure;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// A small synthetic Lampung release, imported and published as the current release (what latest points to),
/// for the statistics API tests. Its families have a key range of their own (record keys follow family keys).
/// Published once per run: it is a fixture of the api collection (<see cref="ApiCollection"/>), so a test class takes
/// it as a constructor parameter and sits in that collection, without IClassFixture.
/// </summary>
public sealed class StatisticsReleaseFixture : IAsyncLifetime
{
    private static int _instances;

    public string ReleaseName { get; } = "stats-" + Guid.NewGuid().ToString("N")[..8];
    public int ReleaseId { get; private set; }
    public string Admin { get; private set; } = "";
    public int LampungVillages { get; private set; }

    public async Task InitializeAsync()
    {
        // A second instance would publish a second current release, and latest would no longer be this one's for the
        // classes that already have it: the test declaring IClassFixture fails here with the fix instead.
        if (Interlocked.Increment(ref _instances) > 1)
        {
            throw new InvalidOperationException(
                $"{nameof(StatisticsReleaseFixture)} is published once, by the api collection: put the test class in " +
                $"[Collection(ApiCollection.Name)] and remove IClassFixture<{nameof(StatisticsReleaseFixture)}>.");
        }
        Admin = (await TestDatabase.GetAsync()).Admin;
        await using var db = NpgsqlDataSource.Create(Admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(db);
        LampungVillages = villages.Count;
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var path = Path.Combine(Path.GetTempPath(), ReleaseName + ".csv");
        try
        {
            FamilyCsvWriter.WriteFile(path, FamilyGenerator.Generate(villages, new GeneratorOptions(11, 40_000)).Select(f => f with { FamilyKey = f.FamilyKey + offset }));
            ReleaseId = (await FamilyImporter.ImportAsync(db, path, new ImportOptions(ReleaseName) { Description = "Synthetic test release" })).ReleaseId;
            await ReleasePublisher.PublishAsync(db, ReleaseName, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
