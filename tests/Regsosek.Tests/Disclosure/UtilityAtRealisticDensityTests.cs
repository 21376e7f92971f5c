using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// A release as dense as the registry: the city of Bandar Lampung (18.71) with about 1,000 families per village, as
/// Lampung has (2.7 million families in 2,651 villages). Its cells are mostly tens or hundreds, as real ones are.
/// </summary>
public sealed class RealisticDensityReleaseFixture : IAsyncLifetime
{
    private const int FamiliesPerVillage = 1_000;

    public ReleaseCells Cells { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var admin = (await TestDatabase.GetAsync()).Admin;
        await using var db = NpgsqlDataSource.Create(admin);
        var villages = (await VillageCodes.ListAsync(db, RegionCode.Parse("18.71"), CancellationToken.None)).Select(VillageRef.FromCode).ToList();
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var families = FamilyGenerator.Generate(villages, new GeneratorOptions(71, villages.Count * FamiliesPerVillage))
            .Select(f => f with { FamilyKey = f.FamilyKey + offset });
        var releaseId = await PublishedReleaseFixture.ImportAndPublishAsync(db, "dense-" + Guid.NewGuid().ToString("N")[..8], families);
        Cells = await ReleaseCells.LoadAsync(admin, releaseId, "18.71");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[Collection(ApiCollection.Name)]
public sealed class UtilityAtRealisticDensityTests(RealisticDensityReleaseFixture release, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<RealisticDensityReleaseFixture>
{
    [Fact]
    public void Mean_absolute_deviation_is_at_most_one_and_a_half_families_and_two_point_two_persons_and_cells_of_200_stay_within_five_percent()
    {
        foreach (var (measure, cells, mad) in new[] { ("families", release.Cells.Families, 1.5), ("persons", release.Cells.Persons, 2.2) })
        {
            var nonZero = cells.Values.Where(c => c.True > 0).ToList();
            var deviation = nonZero.Average(c => (double)Math.Abs(c.Published - c.True));
            output.WriteLine($"{measure}: {nonZero.Count} cells, mean absolute deviation {deviation:F3}");
            Assert.True(deviation <= mad, $"{measure}: mean absolute deviation {deviation:F3}");
            var large = cells.Values.Where(c => c.True >= 200).ToList();
            Assert.NotEmpty(large);
            Assert.All(large, c => Assert.True(Math.Abs(c.Published - c.True) <= 0.05 * c.True, $"{measure}: {c}"));
        }
    }
}
