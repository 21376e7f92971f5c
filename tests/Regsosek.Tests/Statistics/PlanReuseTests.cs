using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Regsosek.Data.Statistics;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Statistics;

/// <summary>
/// A call that reads one region from the database costs one round trip and no planning: the statement is planned once
/// per connection (a generic plan, which the data source's automatic preparation keeps), not again on every call.
/// Planning the old statement (`region_code = ANY(@codes)` for one code) cost PostgreSQL 0.2 ms per call, five times
/// the lookup. PostgreSQL shows a generic plan's parameters as $n, where a plan made for one call shows the values.
/// </summary>
public sealed class PlanReuseTests(StatisticsReleaseFixture release) : IClassFixture<StatisticsReleaseFixture>
{
    [Fact]
    public async Task One_region_is_read_with_one_plan_for_every_call()
    {
        var plan = await PlanAfterRepeatedCallsAsync(StatisticsStore.ByCodeSql, ("releaseId", release.ReleaseId.ToString()), ("code", "'18.71'"));

        Assert.Contains("region_code = $2", plan);
        Assert.DoesNotContain("18.71", plan);
    }

    /// <summary>The plan PostgreSQL uses for the statement after it has run as often as a pooled connection runs it.</summary>
    private static async Task<string> PlanAfterRepeatedCallsAsync(string sql, params (string Name, string Literal)[] parameters)
    {
        var positional = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            // \b: @within must not take the start of @withinEnd.
            positional = Regex.Replace(positional, "@" + parameters[i].Name + @"\b", "$" + (i + 1));
        }
        var arguments = string.Join(", ", parameters.Select(p => p.Literal));
        await using var connection = new NpgsqlConnection((await TestDatabase.GetAsync()).Api);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"PREPARE reused AS {positional}");
        // PostgreSQL plans the first five runs for their values, then keeps one plan if it costs no more than those.
        for (var run = 0; run < 6; run++)
        {
            await connection.ExecuteAsync($"EXECUTE reused({arguments})");
        }
        return (await connection.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) EXECUTE reused({arguments})"))!;
    }
}
