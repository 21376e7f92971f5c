using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Tests.Disclosure;

/// <summary>Independent re-derivations of ptable properties, so tests never trust the generator's own arithmetic.</summary>
internal static class PtableFacts
{
    public const double KeySpace = 4294967296.0;

    /// <summary>
    /// D, V, js, i_max (0 = default D + js + 1). Besides the presets: no blocking, relaxed small rows,
    /// tails too thin to get a key, a slack variance bound, a degenerate "stay" row, a long table,
    /// a wide lopsided support, and V a hair above the least variance count 1 can reach.
    /// </summary>
    public static TheoryData<int, double, int, int> ParameterSets => new()
    {
        { 5, 3.0, 2, 0 },
        { 8, 6.0, 2, 0 },
        { 3, 1.0, 0, 0 },
        { 4, 2.0, 3, 0 },
        { 6, 2.5, 4, 0 },
        { 15, 1.0, 1, 0 },
        { 2, 100.0, 0, 0 },
        { 2, 1.0, 2, 0 },
        { 10, 5.0, 5, 30 },
        { 1, 0.5, 0, 0 },
        { 25, 6.0, 5, 0 },
        { 4, 3.00001, 3, 0 },
    };

    public static PerturbationParameters Parameters(int d, double v, int js, int maxRowIndex) =>
        maxRowIndex == 0 ? new PerturbationParameters(d, v, js) : new PerturbationParameters(d, v, js, maxRowIndex);

    public static IEnumerable<IGrouping<int, PerturbationRow>> ByCount(IReadOnlyList<PerturbationRow> table) =>
        table.GroupBy(r => r.I);

    public static double Mean(IEnumerable<PerturbationRow> rows) => rows.Sum(r => r.Noise * r.Probability);

    public static double MeanFromKeys(IEnumerable<PerturbationRow> rows) =>
        rows.Sum(r => r.Noise * ((r.UpperBound - r.LowerBound) / KeySpace));

    public static double Variance(IEnumerable<PerturbationRow> rows)
    {
        var list = rows.ToList();
        var mean = Mean(list);
        return list.Sum(r => r.Probability * (r.Noise - mean) * (r.Noise - mean));
    }

    public static double Entropy(IEnumerable<double> probabilities) =>
        -probabilities.Where(q => q > 0).Sum(q => q * Math.Log(q));

    /// <summary>Least variance of any zero-mean noise the blocking allows for count i.</summary>
    public static double MinimumVariance(int i, int d, int js)
    {
        var admissible = Enumerable.Range(-d, 2 * d + 1).Where(v => i + v == 0 || i + v > js).ToList();
        if (admissible.Contains(0))
        {
            return 0;
        }

        var down = admissible.Where(v => v < 0).Max();
        var up = admissible.Where(v => v > 0).Min();
        return -down * (double)up;
    }
}
