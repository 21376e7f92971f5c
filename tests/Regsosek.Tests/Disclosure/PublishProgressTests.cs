using Npgsql;
using Regsosek.Pipeline.Publishing;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Disclosure;

[Collection(ApiCollection.Name)]
public sealed class PublishProgressTests
{
    private const string Aggregating = "publish: aggregating: ";

    [Fact]
    public async Task A_publish_names_each_pass_over_the_data_as_it_starts_with_the_time_so_far()
    {
        await using var db = NpgsqlDataSource.Create((await TestDatabase.GetAsync()).Admin);
        var (name, _) = await LegacyReleaseTests.PublishSmallReleaseAsync(db, "progress-");
        var log = new StringWriter();

        await ReleasePublisher.PublishAsync(db, name, PublishedReleaseFixture.Settings, log, CancellationToken.None, makeCurrent: false);

        var passes = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith(Aggregating, StringComparison.Ordinal)).ToList();
        // The fixture's limits (national, province, regency 3 variables; district 2; village 1) give 42, 22 and 7 tables.
        Assert.Equal([
            "village cells from the families, 7 tables, on a second connection beside the passes below",
            "district partials from the families", "regency partials", "province partials", "national partials",
            "district cells, 22 tables", "regency cells, 42 tables", "province cells, 42 tables", "national cells, 42 tables",
            "village cells: taken from the second connection",
        ], passes.Select(line => line[Aggregating.Length..line.LastIndexOf(" (", StringComparison.Ordinal)]));
        Assert.All(passes, line => Assert.Matches(@" \(\d+\.\d s\)$", line));
    }
}
