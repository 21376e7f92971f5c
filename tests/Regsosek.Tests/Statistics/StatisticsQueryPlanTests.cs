using System.Text.Json;
using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// The statistics queries name their regions through an index: region_stat's codes are byte-wise, so a join on the
/// database-collated primary key of region would read every region of Indonesia for each call.
/// </summary>
public sealed class StatisticsQueryPlanTests
{
    private static async Task<IReadOnlyList<JsonElement>> PlanNodesAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection((await TestDatabase.GetAsync()).Api);
        var plan = await connection.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + sql, parameters);
        var nodes = new List<JsonElement>();
        void Walk(JsonElement node)
        {
            nodes.Add(node);
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }
        Walk(JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan"));
        return nodes;
    }

    private static bool Reads(JsonElement node, string relation, string nodeType) =>
        node.GetProperty("Node Type").GetString() == nodeType
        && node.TryGetProperty("Relation Name", out var name) && name.GetString() == relation;

    [Fact]
    public async Task Listed_regions_are_named_by_an_index_lookup_not_a_scan_of_every_region()
    {
        var nodes = await PlanNodesAsync(StatisticsStore.ByCodesSql, StatisticsStore.ByCodesParameters(1, ["18.71", "18"]));

        Assert.DoesNotContain(nodes, n => Reads(n, "region", "Seq Scan"));
        Assert.Contains(nodes, n => Reads(n, "region", "Index Scan") || Reads(n, "region", "Index Only Scan"));
    }

    [Fact]
    public async Task One_region_is_named_by_an_index_lookup_not_a_scan_of_every_region()
    {
        var nodes = await PlanNodesAsync(StatisticsStore.ByCodeSql, StatisticsStore.ByCodeParameters(1, "18.71"));

        Assert.DoesNotContain(nodes, n => Reads(n, "region", "Seq Scan"));
        Assert.Contains(nodes, n => Reads(n, "region", "Index Scan") || Reads(n, "region", "Index Only Scan"));
    }

    [Theory]
    [InlineData("18.71", null)]
    [InlineData("18.71", "18.71.01")]
    [InlineData(null, null)]
    [InlineData(null, "18.71.01")]
    public async Task Regions_of_a_level_are_named_by_an_index_lookup_not_a_scan_of_every_region(string? parent, string? after)
    {
        var nodes = await PlanNodesAsync(StatisticsStore.LevelPageSql(parent, after),
            StatisticsStore.LevelPageParameters(1, (int)RegionLevel.District, parent, after, limit: 1001));

        Assert.DoesNotContain(nodes, n => Reads(n, "region", "Seq Scan"));
    }
}
