using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Disclosure;
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
        await using var db = NpgsqlDataSource.Create((await TestDatabase.GetAsync()).Admin);
        var (name, releaseId) = await PublishSmallReleaseAsync(db, "legacy-");
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

    [Fact]
    public async Task A_new_release_stores_noise_that_stops_short_of_minus_D_and_one_stored_before_that_is_rebuilt_down_to_minus_D()
    {
        await using var db = NpgsqlDataSource.Create((await TestDatabase.GetAsync()).Admin);
        var (name, releaseId) = await PublishSmallReleaseAsync(db, "noise-floor-");
        await using var connection = await db.OpenConnectionAsync();
        const string lowest = "SELECT min(v) FROM sdc.ptable WHERE release_id = @releaseId AND measure = @measure";
        const string largestZero = "SELECT max(families) || ',' || max(persons) FROM sdc.zero_threshold WHERE release_id = @releaseId";
        var (families, persons) = (PublishedReleaseFixture.Settings.Families.MaxNoise, PublishedReleaseFixture.Settings.Persons.MaxNoise);

        Assert.Equal(1 - families, await connection.ExecuteScalarAsync<int>(lowest, new { releaseId, measure = MeasureCode.Families }));
        Assert.Equal(1 - persons, await connection.ExecuteScalarAsync<int>(lowest, new { releaseId, measure = MeasureCode.Persons }));
        Assert.Equal($"{families - 1},{persons - 1}", await connection.ExecuteScalarAsync<string>(largestZero, new { releaseId }));

        // What the settings stored with a release published before the change look like: without the flag.
        await connection.ExecuteAsync(
            "UPDATE sdc.release_parameters SET parameters = parameters - 'noiseStopsShortOfMinusD' WHERE release_id = @releaseId", new { releaseId });
        await ReleasePublisher.PublishAsync(db, name, PublishedReleaseFixture.Settings, TextWriter.Null, CancellationToken.None, makeCurrent: false);

        Assert.Equal(-families, await connection.ExecuteScalarAsync<int>(lowest, new { releaseId, measure = MeasureCode.Families }));
        Assert.Equal(-persons, await connection.ExecuteScalarAsync<int>(lowest, new { releaseId, measure = MeasureCode.Persons }));
        Assert.Equal($"{families},{persons}", await connection.ExecuteScalarAsync<string>(largestZero, new { releaseId }));
    }

    /// <summary>A small release of its own (families with record keys no other test uses), published with today's publisher.</summary>
    internal static async Task<(string Name, int ReleaseId)> PublishSmallReleaseAsync(NpgsqlDataSource db, string prefix)
    {
        var villages = (await VillageCodes.ListAsync(db, RegionCode.Parse("18.71.01"), CancellationToken.None)).Select(VillageRef.FromCode).ToList();
        var offset = 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        var releaseId = await PublishedReleaseFixture.ImportAndPublishAsync(db, name,
            FamilyGenerator.Generate(villages, new GeneratorOptions(5, 300)).Select(f => f with { FamilyKey = f.FamilyKey + offset }));
        return (name, releaseId);
    }
}
