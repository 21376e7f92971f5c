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
/// Published once per run, whoever asks first: the api collection has it as a collection fixture (<see cref="ApiCollection"/>),
/// and the fixtures of other collections (browser, contract, raw socket) that make their own instance get the same
/// release. So no second current release appears while tests read latest, and a class that still declares
/// IClassFixture gets the same release too.
/// </summary>
public sealed class StatisticsReleaseFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<Published>> Once = new(PublishAsync);

    private sealed record Published(string Name, int Id, string Admin, int LampungVillages);

    public string ReleaseName { get; private set; } = "";
    public int ReleaseId { get; private set; }
    public string Admin { get; private set; } = "";
    public int LampungVillages { get; private set; }

    public async Task InitializeAsync()
    {
        var release = await Once.Value;
        (ReleaseName, ReleaseId, Admin, LampungVillages) = (release.Name, release.Id, release.Admin, release.LampungVillages);
    }

    private static async Task<Published> PublishAsync()
    {
        var name = "stats-" + Guid.NewGuid().ToString("N")[..8];
        var admin = (await TestDatabase.GetAsync()).Admin;
        await using var db = NpgsqlDataSource.Create(admin);
        var villages = await PublishedReleaseFixture.LampungVillagesAsync(db);
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var path = Path.Combine(Path.GetTempPath(), name + ".csv");
        try
        {
            FamilyCsvWriter.WriteFile(path, FamilyGenerator.Generate(villages, new GeneratorOptions(11, 40_000)).Select(f => f with { FamilyKey = f.FamilyKey + offset }));
            var id = (await FamilyImporter.ImportAsync(db, path, new ImportOptions(name) { Description = "Synthetic test release" })).ReleaseId;
            await ReleasePublisher.PublishAsync(db, name, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None);
            return new Published(name, id, admin, villages.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
