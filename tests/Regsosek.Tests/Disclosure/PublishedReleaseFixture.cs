using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Import;
using Regsosek.Pipeline.Publishing;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// A synthetic Lampung release imported from CSV with the real importer and published with the real
/// publisher (staged, so other tests' current release is untouched). Small on purpose: ~45 families
/// per village leaves many small cells, which is where disclosure control is tested hardest.
/// </summary>
public sealed class PublishedReleaseFixture : IAsyncLifetime
{
    public const int FamilyCount = 120_000;
    public static readonly DisclosureSettings Settings = new(new MeasureSettings(5, 3, 2), new MeasureSettings(8, 6, 2),
        new CustomTableSettings(new TableLimits(National: 3, Province: 3, Regency: 3, District: 2, Village: 1)));

    public string Admin { get; private set; } = "";
    public string ReleaseName { get; } = "disclosure-" + Guid.NewGuid().ToString("N")[..8];
    public int ReleaseId { get; private set; }
    public ReleaseCells Cells { get; private set; } = null!;
    public IReadOnlyList<VillageRef> Villages { get; private set; } = [];

    /// <summary>
    /// Record keys follow a family across releases (microdata.record_key), and other tests import their own
    /// families 1..N into the same database at the same time; this release's families get a key range of their own.
    /// </summary>
    public long FamilyKeyOffset { get; } = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);

    /// <summary>The families of this release, or of a later one made from the same seed.</summary>
    public IEnumerable<FamilyRecord> Families(int seed = 7) =>
        FamilyGenerator.Generate(Villages, new GeneratorOptions(seed, FamilyCount)).Select(f => f with { FamilyKey = f.FamilyKey + FamilyKeyOffset });

    public async Task InitializeAsync()
    {
        Admin = (await TestDatabase.GetAsync()).Admin;
        await using var db = NpgsqlDataSource.Create(Admin);
        Villages = await LampungVillagesAsync(db);
        ReleaseId = await ImportAndPublishAsync(db, ReleaseName, Families());
        Cells = await ReleaseCells.LoadAsync(Admin, ReleaseId, "18");
    }

    public static async Task<IReadOnlyList<VillageRef>> LampungVillagesAsync(NpgsqlDataSource db) =>
        (await VillageCodes.ListAsync(db, RegionCode.Parse("18"), CancellationToken.None)).Select(VillageRef.FromCode).ToList();

    /// <param name="makeCurrent">False (the default) stages the release, so other tests' current release stays.</param>
    public static async Task<int> ImportAndPublishAsync(NpgsqlDataSource db, string name, IEnumerable<FamilyRecord> families, bool makeCurrent = false)
    {
        var releaseId = await ImportAsync(db, name, families);
        await ReleasePublisher.PublishAsync(db, name, Settings, TextWriter.Null, CancellationToken.None, makeCurrent);
        return releaseId;
    }

    /// <summary>Imports <paramref name="families"/> as release <paramref name="name"/> through a CSV file; the release id.</summary>
    public static async Task<int> ImportAsync(NpgsqlDataSource db, string name, IEnumerable<FamilyRecord> families)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.csv");
        try
        {
            FamilyCsvWriter.WriteFile(path, families);
            return (await FamilyImporter.ImportAsync(db, path, new ImportOptions(name))).ReleaseId;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
