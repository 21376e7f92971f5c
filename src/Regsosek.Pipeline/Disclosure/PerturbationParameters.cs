namespace Regsosek.Pipeline.Disclosure;

/// <summary>
/// Cell key method parameters: maximum absolute noise <c>D</c>, noise variance bound <c>V</c>,
/// small-count threshold <c>js</c> (published values 1..js never occur) and the largest original
/// count <c>i_max</c> that gets its own ptable row; larger counts reuse row <c>i_max</c>.
/// </summary>
public sealed record PerturbationParameters(int MaxNoise, double Variance, int SmallCountThreshold, int MaxRowIndex)
{
    /// <summary>
    /// Uses the smallest safe <c>i_max = D + js + 1</c>: from there on every noise in [-D, D] lands
    /// above js, so all rows are identical and extra rows would only repeat it.
    /// </summary>
    public PerturbationParameters(int maxNoise, double variance, int smallCountThreshold)
        : this(maxNoise, variance, smallCountThreshold, SmallestMaxRowIndex(maxNoise, smallCountThreshold))
    {
    }

    /// <summary>
    /// Noise never goes as low as −D: the lowest is −(D − 1), so a count of D or more is never shown as 0 and a published
    /// value is never D below its count. An attacker who knows D then never finds a count at the top of the interval D
    /// allows, and interval propagation over any additive relations can pin no cell (docs/disclosure-control.md,
    /// "Why noise stops one short of −D"). False only for releases first published before it (their stored settings
    /// predate it), so that a rebuild reproduces their values.
    /// </summary>
    public bool StopsShortOfMinusD { get; init; }

    /// <summary>The most a count can be lowered: D, or D − 1 when the noise stops short of −D. Larger counts are never 0.</summary>
    public int MaxDrop => StopsShortOfMinusD ? Math.Max(0, MaxNoise - 1) : MaxNoise;

    /// <summary>Every noise the table may use before blocking: −MaxDrop..D. The plain and the coherent tables both draw from it.</summary>
    public IEnumerable<int> NoiseRange => Enumerable.Range(-MaxDrop, MaxDrop + MaxNoise + 1);

    public static PerturbationParameters Families { get; } = new(maxNoise: 5, variance: 3.0, smallCountThreshold: 2);

    public static PerturbationParameters Persons { get; } = new(maxNoise: 8, variance: 6.0, smallCountThreshold: 2);

    /// <summary>
    /// Counts above <c>i_max</c> borrow its row, which is only safe when that row can never push a count
    /// into 1..js or below zero, i.e. when <c>i_max - D &gt; js</c>.
    /// </summary>
    public static int SmallestMaxRowIndex(int maxNoise, int smallCountThreshold) => maxNoise + smallCountThreshold + 1;
}
