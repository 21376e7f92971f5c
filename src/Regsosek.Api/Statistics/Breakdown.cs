using Regsosek.Api.Releases;
using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Statistics;

/// <summary>
/// The categories a table splits each total into, with everything that follows from that choice: the vocabulary,
/// a row's counts, the names CSV and JSON-stat give them. Every representation reads it from here.
/// </summary>
public abstract class Breakdown(string name, string dimension, string dimensionLabel, IReadOnlyList<Term> categories, CsvTable csv, string csvTitle)
{
    /// <summary>tiers or deciles, as in /statistics/tiers and the export file names.</summary>
    public string Name { get; } = name;

    /// <summary>The JSON-stat dimension: tier or decile.</summary>
    public string Dimension { get; } = dimension;

    public string DimensionLabel { get; } = dimensionLabel;

    public IReadOnlyList<Term> Categories { get; } = categories;

    /// <summary>The table's CSV columns and rows, shared with the bulk files the publisher makes.</summary>
    public CsvTable Csv { get; } = csv;

    /// <summary>What a CSV of the table holds, as its CSVW description's title says.</summary>
    public string CsvTitle { get; } = csvTitle;

    /// <summary>The published counts, poorest first; null for a region the release does not cover.</summary>
    public int[]? Counts(RegionStatistics region, Measure measure) => Csv.Counts(region, measure);

    /// <summary>The table's JSON page (a TierPage or DecilePage), to be serialised as what it is.</summary>
    public abstract object JsonPage(StatisticsTable table);
}

/// <summary>A breakdown whose JSON representation is a <typeparamref name="TPage"/>: the type is chosen with the breakdown, once.</summary>
public sealed class Breakdown<TPage>(
    string name, string dimension, string dimensionLabel, IReadOnlyList<Term> categories, CsvTable csv, string csvTitle,
    Func<StatisticsTable, TPage> toJson)
    : Breakdown(name, dimension, dimensionLabel, categories, csv, csvTitle)
{
    public TPage ToJson(StatisticsTable table) => toJson(table);

    public override object JsonPage(StatisticsTable table) => toJson(table)!;
}

public static class Breakdowns
{
    public static Breakdown<TierPage> Tiers { get; } = new("tiers", "tier", "Welfare tier", Vocabulary.Tiers, CsvTable.Tiers,
        "Families or persons per welfare tier, by region",
        table => new TierPage(ReleaseRef.From(table.Release), table.Measure.ApiName(),
            table.Page.Items.Select(r => StatisticsRows.Tiers(r, table.Measure)).ToList(), table.Page.Total, table.Page.NextCursor, table.Page.Next, StatisticsRows.Note));

    public static Breakdown<DecilePage> Deciles { get; } = new("deciles", "decile", "Welfare decile", Vocabulary.Deciles, CsvTable.Deciles,
        "Families or persons per national welfare decile, by region",
        table => new DecilePage(ReleaseRef.From(table.Release), table.Measure.ApiName(),
            table.Page.Items.Select(r => StatisticsRows.Deciles(r, table.Measure)).ToList(), table.Page.Total, table.Page.NextCursor, table.Page.Next, StatisticsRows.Note));
}
