using Regsosek.Api.Statistics;
using Regsosek.Data.Statistics;
using Regsosek.Data.Tables;

namespace Regsosek.Api.Tables;

/// <summary>
/// A page of regions (as the statistics read it) with the published cells of one custom table and its margins: what
/// every representation of /statistics/tables is rendered from. A covered region's cell that was not stored was
/// published as 0; a region's total is the one /statistics/tiers shows (the same cell, published once).
/// </summary>
public sealed class CustomTable
{
    private readonly Dictionary<(string Region, int Categories), TableCell> _cells;

    public CustomTable(StatisticsTable statistics, IReadOnlyList<TableVariable> by, IReadOnlyList<TableCell> cells)
    {
        Statistics = statistics;
        By = by;
        _cells = cells.ToDictionary(c => (c.RegionCode, Pack(TableVariables.All.Select(c.CategoryOf))));
    }

    public StatisticsTable Statistics { get; }

    /// <summary>The table's variables, in canonical order.</summary>
    public IReadOnlyList<TableVariable> By { get; }

    public Measure Measure => Statistics.Measure;

    /// <summary>
    /// The published count of a region for one category of each variable of <see cref="By"/> (in its order); a 0
    /// category is that variable's total, so all zeros is the region's total and any other mix a margin of the table.
    /// </summary>
    public int Count(RegionStatistics region, IReadOnlyList<short> categories)
    {
        if (categories.All(c => c == 0))
        {
            return region.Total(Measure);
        }
        var all = TableVariables.All.Select(v => By.IndexOf(v) is var i and >= 0 ? categories[i] : (short)0);
        return _cells.TryGetValue((region.RegionCode, Pack(all)), out var cell) ? cell.Count(Measure) : 0;
    }

    /// <summary>
    /// Every combination of one category of each variable, first variable slowest; with <paramref name="withTotals"/>
    /// each variable's total (0) comes before its categories, as JSON-stat's "total" category.
    /// </summary>
    public IEnumerable<short[]> Combinations(bool withTotals)
    {
        IEnumerable<short[]> combinations = [[]];
        foreach (var variable in By)
        {
            var values = variable.Categories.Select(c => c.Value);
            if (withTotals)
            {
                values = values.Prepend((short)0);
            }
            var choices = values.ToList();
            combinations = combinations.SelectMany(prefix => choices.Select(v => (short[])[.. prefix, v])).ToList();
        }
        return combinations;
    }

    /// <summary>Category values are 0..10, so four bits each make a key of the six columns.</summary>
    private static int Pack(IEnumerable<short> categories) => categories.Aggregate(0, (key, c) => (key << 4) | (ushort)c);
}

internal static class ListExtensions
{
    public static int IndexOf<T>(this IReadOnlyList<T> list, T item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], item))
            {
                return i;
            }
        }
        return -1;
    }
}
