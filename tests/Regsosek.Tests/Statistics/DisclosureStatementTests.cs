using System.Text.Json;
using Dapper;
using Npgsql;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>What the release resource says about the coherence rule, against what the publisher stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class DisclosureStatementTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    [Fact]
    public async Task A_release_published_with_the_coherence_rule_says_so_and_states_what_it_leaves_in_the_mean()
    {
        var body = await factory.CreateClient().GetStringAsync($"/api/v1/releases/{release.ReleaseName}");
        var disclosure = JsonDocument.Parse(body).RootElement.GetProperty("disclosureControl");
        await using var connection = new NpgsqlConnection(release.Admin);
        var stored = await connection.QuerySingleAsync<(double Families, double Persons)>(
            "SELECT families_mean_change, persons_mean_change FROM stats.release WHERE name = @name", new { name = release.ReleaseName });

        Assert.True(disclosure.GetProperty("coherent").GetBoolean());
        Assert.Contains(disclosure.GetProperty("implications").EnumerateArray(), i => i.GetString()!.Contains("shown as 0 persons"));
        Assert.Equal(stored.Families, disclosure.GetProperty("families").GetProperty("meanChange").GetDouble(), 12);
        Assert.Equal(stored.Persons, disclosure.GetProperty("persons").GetProperty("meanChange").GetDouble(), 12);
        foreach (var secret in new[] { "zero_threshold", "zeroKey", "zero_key", "bound", "pair" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
