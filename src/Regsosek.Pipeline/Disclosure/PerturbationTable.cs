namespace Regsosek.Pipeline.Disclosure;

/// <summary>
/// Builds cell key method perturbation tables by maximum entropy, after the sdcTools <c>ptable</c>
/// package: per original count the noise has mean zero, −D ≤ v ≤ D (−(D − 1) ≤ v when it stops short of −D),
/// variance ≤ V, and never yields a published value in 1..js or below zero.
/// </summary>
public static class PerturbationTable
{
    /// <summary>Cell keys are uniform 32-bit integers, so the row intervals tile [0, 2^32).</summary>
    public const long KeySpace = 1L << 32;

    /// <summary>Rows for I = 1..i_max, each I ordered by noise ascending with contiguous key intervals.</summary>
    /// <exception cref="ArgumentException">Parameters are out of range or some count admits no zero-mean noise.</exception>
    public static IReadOnlyList<PerturbationRow> Generate(PerturbationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        Validate(p);

        var rows = new List<PerturbationRow>();
        for (var i = 1; i <= p.MaxRowIndex; i++)
        {
            var noise = AdmissibleNoise(i, p);
            RequireZeroMeanIsPossible(i, noise, p);

            // Small counts (i ≤ js) have no zero noise and may be unable to reach V with mean zero
            // (e.g. js = 4, V = 3, i = 1: targets {0, 5, ...}, least variance 1·4 = 4). sdcTools skips its
            // variance check for blocked counts for the same reason. The solver then relaxes V for that
            // row only, and only as far as needed: it returns the unique minimum-variance zero-mean
            // distribution (the two admissible values nearest zero). Unbiasedness and the blocking are
            // the non-negotiable guarantees; the variance bound is a utility target.
            var probabilities = MaxEntropySolver.Solve(noise, p.Variance);
            rows.AddRange(Tile(i, noise, probabilities));
        }

        return rows.AsReadOnly();
    }

    private static void Validate(PerturbationParameters p)
    {
        if (p.MaxNoise < 0)
        {
            throw new ArgumentException($"MaxNoise (D) must be non-negative, got {p.MaxNoise}.", nameof(p));
        }

        if (p.SmallCountThreshold < 0)
        {
            throw new ArgumentException(
                $"SmallCountThreshold (js) must be non-negative, got {p.SmallCountThreshold}.", nameof(p));
        }

        if (!double.IsFinite(p.Variance) || p.Variance <= 0)
        {
            throw new ArgumentException($"Variance (V) must be a positive finite number, got {p.Variance}.", nameof(p));
        }

        var smallest = PerturbationParameters.SmallestMaxRowIndex(p.MaxNoise, p.SmallCountThreshold);
        if (p.MaxRowIndex < smallest)
        {
            throw new ArgumentException(
                $"MaxRowIndex (i_max) must be at least D + js + 1 = {smallest}, got {p.MaxRowIndex}: counts above " +
                "i_max reuse its row, which is only safe once no noise in [-D, D] can reach 1..js or below zero.",
                nameof(p));
        }
    }

    private static List<int> AdmissibleNoise(int i, PerturbationParameters p) =>
        p.NoiseRange.Where(v => i + v >= 0 && (i + v == 0 || i + v > p.SmallCountThreshold)).ToList();

    // Zero mean needs noise of both signs or the option not to move; a count that can only move one way
    // would be systematically biased, which the method forbids. This happens exactly when the most a count can be lowered
    // (D, or D − 1) is below js.
    private static void RequireZeroMeanIsPossible(int i, List<int> noise, PerturbationParameters p)
    {
        var canStay = noise.Contains(0);
        var canGoDown = noise.Exists(v => v < 0);
        var canGoUp = noise.Exists(v => v > 0);
        if (canStay || (canGoDown && canGoUp))
        {
            return;
        }

        var reason = noise.Count == 0
            ? "every target within ±D is blocked"
            : $"it can only move {(canGoDown ? "down" : "up")}, so mean-zero noise is impossible";
        throw new ArgumentException(
            $"No admissible perturbation for count {i} with D = {p.MaxNoise}, js = {p.SmallCountThreshold}: {reason} " +
            $"(published values 1..{p.SmallCountThreshold} are blocked). D must be at least js" +
            (p.StopsShortOfMinusD ? " + 1, since the noise stops short of -D." : "."),
            nameof(p));
    }

    /// <summary>
    /// The rows of one original count: each noise gets the key interval its probability covers, in order, tiling
    /// [0, 2^32). Shared by the plain table and the coherent one, so both round alike.
    /// </summary>
    internal static IEnumerable<PerturbationRow> Tile(int i, IReadOnlyList<int> noise, double[] probabilities)
    {
        // Bounds come from rounding the running total, not each width, so rounding errors never accumulate
        // and consecutive rows share their boundary; forcing the last bound closes the interval exactly.
        var upper = new long[noise.Count];
        var cumulative = 0.0;
        long previous = 0;
        for (var k = 0; k < noise.Count; k++)
        {
            cumulative += probabilities[k];
            var bound = k == noise.Count - 1
                ? KeySpace
                : (long)Math.Round(cumulative * KeySpace, MidpointRounding.ToEven);
            upper[k] = Math.Clamp(bound, previous, KeySpace);
            previous = upper[k];
        }

        // Rows narrower than one key can never be drawn; dropping them keeps the SQL join free of empty
        // ranges. Their mass (< 2^-32 each) is folded back by renormalising so reported p still sums to 1.
        var keptMass = 0.0;
        long lower = 0;
        for (var k = 0; k < noise.Count; k++)
        {
            if (upper[k] > lower)
            {
                keptMass += probabilities[k];
            }

            lower = upper[k];
        }

        lower = 0;
        for (var k = 0; k < noise.Count; k++)
        {
            if (upper[k] > lower)
            {
                yield return new PerturbationRow(i, noise[k], probabilities[k] / keptMass, lower, upper[k]);
            }

            lower = upper[k];
        }
    }
}
