using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Publishing;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

[Collection(ApiCollection.Name)]
public sealed class LegacyReleaseTests
{
    [Fact]
    public async Task A_release_published_before_the_coherence_rule_is_not_rebuilt_with_it()
    {
        var admin = (await TestDatabase.GetAsync()).Admin;
        await using var db = NpgsqlDataSource.Create(admin);
        var villages = (await VillageCodes.ListAsync(db, RegionCode.Parse("18.71.01"), CancellationToken.None)).Select(VillageRef.FromCode).ToList();
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var name = "legacy-" + Guid.NewGuid().ToString("N")[..8];
        var releaseId = await PublishedReleaseFixture.ImportAndPublishAsync(db, name,
            FamilyGenerator.Generate(villages, new GeneratorOptions(5, 300)).Select(f => f with { FamilyKey = f.FamilyKey + offset }));
        await using var connection = await db.OpenConnectionAsync();
        // What a release published by the previous publisher looks like: its values stand, the flag is false.
        await connection.ExecuteAsync("UPDATE stats.release SET coherent = false WHERE id = @releaseId", new { releaseId });
        var checksum = await connection.ExecuteScalarAsync<string>("SELECT checksum FROM stats.release WHERE id = @releaseId", new { releaseId });

        var refused = await Assert.ThrowsAsync<PublishException>(() =>
            ReleasePublisher.PublishAsync(db, name, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None, makeCurrent: false));

        Assert.Contains("before the coherence rule", refused.Message);
        Assert.Equal(checksum, await connection.ExecuteScalarAsync<string>(
            $"SELECT {Regsosek.Data.Statistics.ReleaseChecksum.Aggregate} FROM stats.region_stat WHERE release_id = @releaseId", new { releaseId }));
    }
}
