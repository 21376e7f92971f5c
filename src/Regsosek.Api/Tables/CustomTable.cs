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
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<int, TableCell>> _cells;

    /// <param name="statistics">The page of regions, as the statistics read it.</param>
    /// <param name="by">The table's variables, in canonical order.</param>
    /// <param name="cells">Per region of the page, its published cells by <see cref="KeyOf"/>.</param>
    public CustomTable(StatisticsTable statistics, IReadOnlyList<TableVariable> by, IReadOnlyDictionary<string, IReadOnlyDictionary<int, TableCell>> cells)
    {
        Statistics = statistics;
        By = by;
        _cells = cells;
    }

    /// <summary>A cell's key within its region: its six categories (0..10 each) four bits apiece.</summary>
    public static int KeyOf(TableCell cell) =>
        Pack([cell.Tier, cell.Decile, cell.HeadSex, cell.HeadAgeGroup, cell.Disability, cell.FamilySize]);

    public StatisticsTable Statistics { get; }

    /// <summary>The table's variables, in canonical order.</summary>
    public IReadOnlyList<TableVariable> By { get; }

    public Measure Measure => Statistics.Measure;

    /// <summary>
    /// The published count of a region for one category of each variable of <see cref="By"/> (in its order); a 0
    /// category is that variable's total, so all zeros is the region's total and any other mix a margin of the table.
    /// </summary>
    /// <returns>Null for a region the release does not cover: not covered, never 0.</returns>
    public int? Count(RegionStatistics region, IReadOnlyList<short> categories)
    {
        if (!region.IsCovered)
        {
            return null;
        }
        if (categories.All(c => c == 0))
        {
            return region.Total(Measure);
        }
        Span<short> all = stackalloc short[TableVariables.All.Count];
        for (var i = 0; i < By.Count; i++)
        {
            all[Position(By[i])] = categories[i];
        }
        return _cells.TryGetValue(region.RegionCode, out var cells) && cells.TryGetValue(Pack(all), out var cell) ? cell.Count(Measure) : 0;
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

    /// <summary>Category values are 0..10, so four bits each make a key of the six columns (in canonical order).</summary>
    private static int Pack(ReadOnlySpan<short> categories)
    {
        var key = 0;
        foreach (var category in categories)
        {
            key = (key << 4) | (ushort)category;
        }
        return key;
    }

    private static int Position(TableVariable variable) => TableVariables.All.IndexOf(variable);
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
