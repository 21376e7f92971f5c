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

    public static PerturbationParameters Families { get; } = new(maxNoise: 5, variance: 3.0, smallCountThreshold: 2);

    public static PerturbationParameters Persons { get; } = new(maxNoise: 8, variance: 6.0, smallCountThreshold: 2);

    /// <summary>
    /// Counts above <c>i_max</c> borrow its row, which is only safe when that row can never push a count
    /// into 1..js or below zero, i.e. when <c>i_max - D &gt; js</c>.
    /// </summary>
    public static int SmallestMaxRowIndex(int maxNoise, int smallCountThreshold) => maxNoise + smallCountThreshold + 1;
}
