namespace Regsosek.Pipeline.Disclosure;

/// <summary>A cell of <see cref="Families"/> families and <see cref="Persons"/> persons is published as 0 (in both measures) when its zero key is below <see cref="Bound"/>.</summary>
public readonly record struct ZeroThreshold(int Families, int Persons, long Bound);

/// <summary>
/// A row of the coherent perturbation: a cell not published as 0 whose own count is <see cref="I"/> (capped at i_max)
/// and whose pair of counts is (<see cref="PairFamilies"/>, <see cref="PairPersons"/>), or (0, 0) when neither measure
/// could be 0, publishes <c>I + Noise</c> when its cell key falls in [<see cref="LowerBound"/>, <see cref="UpperBound"/>).
/// </summary>
public readonly record struct CoherentRow(short Measure, int I, int PairFamilies, int PairPersons, int Noise, double Probability,
    long LowerBound, long UpperBound);

/// <summary>What coherence costs a pair of counts: the chance of 0 and the bias left in each measure.</summary>
public readonly record struct PairEffect(int Families, int Persons, double ZeroChance, double FamiliesBias, double PersonsBias);

/// <summary>
/// The cell key method with the coherence rule: families and persons of a cell are both 0 or both non-zero, and a whole
/// is never 0 while one of its parts is not.
/// <para>
/// Whether a cell is 0 is decided once for both measures, by the cell's zero key (the largest hashed record key of its
/// families) against a threshold τ that depends on the cell's family and person counts: 0 when the zero key is below
/// τ·2^32, which happens with chance q = τ^families. τ never grows with either count (nor along the diagonal, the only
/// way a part's counts relate to its whole's), and a part's largest key is never above its whole's: a whole shown as
/// 0 therefore has every part shown as 0. Only counts each measure's noise can bring to 0 (n ≤ MaxDrop: D, or D − 1) can be 0.
/// </para>
/// <para>
/// A cell not shown as 0 draws each measure's value from that measure's own cell key, from a maximum-entropy
/// distribution over the non-zero targets (never 1..js, never negative, |noise| ≤ D) whose mean makes the whole
/// noise mean zero: (1 − q)·mean = q·n. The q of a pair is chosen within the range where both measures can be
/// mean-zero (at the geometric mean of their own ptables' chances of 0, so each stays close to the plain method);
/// where no such q exists (one family of five or more persons; one or two families of more than D persons, which can
/// never be 0 in persons) the q that leaves the least total absolute bias is taken, and the bias is stated.
/// A cell that neither measure could bring to 0 is perturbed exactly by the plain ptable.
/// </para>
/// </summary>
public sealed class CoherentPerturbation
{
    private readonly PerturbationParameters _families;
    private readonly PerturbationParameters _persons;
    private readonly List<ZeroThreshold> _thresholds = [];
    private readonly List<CoherentRow> _rows = [];
    private readonly List<PairEffect> _effects = [];

    private CoherentPerturbation(PerturbationParameters families, PerturbationParameters persons)
    {
        _families = families;
        _persons = persons;
    }

    /// <summary>One per pair of counts that may be 0: families 1..drop(families), persons from the families up to drop(persons), where drop is the most a measure's noise can lower a count (PerturbationParameters.MaxDrop).</summary>
    public IReadOnlyList<ZeroThreshold> ZeroThresholds => _thresholds;

    public IReadOnlyList<CoherentRow> Rows => _rows;

    /// <summary>Per pair of counts that may be 0, what coherence costs it.</summary>
    public IReadOnlyList<PairEffect> Effects => _effects;

    /// <summary>Largest family count that may be 0 (drop of families): cells with more families are never 0.</summary>
    public int CoupledFamilies => _families.MaxDrop;

    /// <summary>Largest person count that may be 0 (drop of persons): cells with more persons are never 0.</summary>
    public int CoupledPersons => _persons.MaxDrop;

    public static CoherentPerturbation Generate(PerturbationParameters families, PerturbationParameters persons)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(persons);
        var table = new CoherentPerturbation(families, persons);
        var plainFamilies = PerturbationTable.Generate(families);
        var plainPersons = PerturbationTable.Generate(persons);
        foreach (var ((nf, np), bound) in table.ChooseZeroBounds(ZeroChances(plainFamilies), ZeroChances(plainPersons)))
        {
            table._thresholds.Add(new ZeroThreshold(nf, np, bound));
            var q = Math.Pow((double)bound / PerturbationTable.KeySpace, nf);
            var familiesRow = Conditional(families, nf, q);
            var personsRow = Conditional(persons, np, q);
            table._rows.AddRange(RowsOf(MeasureCode.Families, nf, nf, np, familiesRow));
            table._rows.AddRange(RowsOf(MeasureCode.Persons, np, nf, np, personsRow));
            table._effects.Add(new PairEffect(nf, np, q, Bias(familiesRow, nf, q), Bias(personsRow, np, q)));
        }
        table._rows.AddRange(Uncoupled(MeasureCode.Families, families, plainFamilies, fewest: 1));
        // Persons are never fewer than families: a cell of at most drop(families) and drop(persons) persons has families that
        // could be 0 too and is coupled, so uncoupled persons rows start above the smaller drop.
        table._rows.AddRange(Uncoupled(MeasureCode.Persons, persons, plainPersons,
            fewest: Math.Min(Math.Min(families.MaxDrop, persons.MaxDrop) + 1, persons.MaxRowIndex)));
        return table;
    }

    /// <summary>The chance of 0 of every pair that may be 0, as a bound on the zero key, τ never growing along a part-to-whole path.</summary>
    private SortedDictionary<(int Families, int Persons), long> ChooseZeroBounds(double[] familiesZero, double[] personsZero)
    {
        var taus = new Dictionary<(int, int), double>();
        var bounds = new SortedDictionary<(int, int), long>();
        for (var nf = 1; nf <= _families.MaxDrop; nf++)
        {
            // Every family has a member, so np >= nf; and a whole that has k families more than its part has at least
            // k persons more: the part-to-whole paths are steps of (0, +1) and (+1, +1), along which τ is kept non-increasing.
            for (var np = nf; np <= _persons.MaxDrop; np++)
            {
                var tau = Math.Pow(ZeroChance(nf, np, familiesZero[nf], personsZero[np]), 1.0 / nf);
                if (taus.TryGetValue((nf, np - 1), out var fewerPersons)) tau = Math.Min(tau, fewerPersons);
                if (taus.TryGetValue((nf - 1, np - 1), out var oneFamilyLess)) tau = Math.Min(tau, oneFamilyLess);
                taus[(nf, np)] = tau;
                bounds[(nf, np)] = (long)Math.Round(tau * PerturbationTable.KeySpace, MidpointRounding.ToEven);
            }
        }
        return bounds;
    }

    private double ZeroChance(int nf, int np, double familiesNatural, double personsNatural)
    {
        var (familiesLow, familiesHigh) = MeanZeroRange(_families, nf);
        var (personsLow, personsHigh) = MeanZeroRange(_persons, np);
        var low = Math.Max(familiesLow, personsLow);
        var high = Math.Min(familiesHigh, personsHigh);
        if (low <= high)
        {
            return Math.Clamp(Math.Sqrt(familiesNatural * personsNatural), low, high);
        }
        // The ranges do not meet: the total absolute bias is least at the end of one range facing the other.
        double TotalBias(double q) => Math.Abs(Bias(_families, nf, q)) + Math.Abs(Bias(_persons, np, q));
        return TotalBias(high) <= TotalBias(low) ? high : low;
    }

    /// <summary>Chances of 0 for which a count's non-zero targets can carry the mean q·n/(1 − q) that makes its noise mean zero.</summary>
    private static (double Low, double High) MeanZeroRange(PerturbationParameters p, int n)
    {
        var support = NonZeroSupport(p, n);
        double lowest = support[0], highest = support[^1];
        return (lowest > 0 ? lowest / (n + lowest) : 0, highest / (n + highest));
    }

    /// <summary>Expected noise of a count whose chance of 0 is q, its non-zero part as close to the needed mean as its support allows.</summary>
    private static double Bias(PerturbationParameters p, int n, double q)
    {
        var support = NonZeroSupport(p, n);
        var mean = Math.Clamp(q * n / (1 - q), support[0], support[^1]);
        return (1 - q) * mean - q * n;
    }

    private static double Bias((int[] Noise, double[] P) row, int n, double q)
    {
        var mean = 0.0;
        for (var k = 0; k < row.Noise.Length; k++)
        {
            mean += row.Noise[k] * row.P[k];
        }
        return (1 - q) * mean - q * n;
    }

    /// <summary>Noise a cell not shown as 0 may get: −D ≤ v ≤ D (or −(D − 1) ≤ v) and a target above js (so neither 0 nor 1..js).</summary>
    private static int[] NonZeroSupport(PerturbationParameters p, int n) =>
        p.NoiseRange.Where(v => n + v > p.SmallCountThreshold).ToArray();

    /// <summary>
    /// The non-zero part of a count whose chance of 0 is q: maximum entropy with the mean that makes the whole noise mean
    /// zero (clamped to the support where that is impossible) and the variance left by V once the 0 has taken its share.
    /// </summary>
    private static (int[] Noise, double[] P) Conditional(PerturbationParameters p, int n, double q)
    {
        var support = NonZeroSupport(p, n);
        var mean = Math.Clamp(q * n / (1 - q), support[0], support[^1]);
        var secondMoment = (p.Variance - q * n * n) / (1 - q);
        return (support, MaxEntropySolver.Solve(support, mean, secondMoment - mean * mean));
    }

    private static IEnumerable<CoherentRow> RowsOf(short measure, int i, int pairFamilies, int pairPersons, (int[] Noise, double[] P) distribution) =>
        PerturbationTable.Tile(i, distribution.Noise, distribution.P)
            .Select(r => new CoherentRow(measure, i, pairFamilies, pairPersons, r.Noise, r.Probability, r.LowerBound, r.UpperBound));

    /// <summary>
    /// Rows of cells that are never 0 (pair (0, 0)): a count its noise cannot bring to 0 is perturbed by the plain ptable; a
    /// smaller count is here only because the other measure can never be 0, so it must not be 0 either.
    /// </summary>
    private static IEnumerable<CoherentRow> Uncoupled(short measure, PerturbationParameters p, IReadOnlyList<PerturbationRow> standard, int fewest)
    {
        for (var i = fewest; i <= p.MaxRowIndex; i++)
        {
            if (i > p.MaxDrop)
            {
                foreach (var r in standard.Where(r => r.I == i))
                {
                    yield return new CoherentRow(measure, i, 0, 0, r.Noise, r.Probability, r.LowerBound, r.UpperBound);
                }
                continue;
            }
            foreach (var row in RowsOf(measure, i, 0, 0, Conditional(p, i, 0)))
            {
                yield return row;
            }
        }
    }

    private static double[] ZeroChances(IReadOnlyList<PerturbationRow> table)
    {
        var chances = new double[table.Max(r => r.I) + 1];
        foreach (var row in table.Where(r => r.I + r.Noise == 0))
        {
            chances[row.I] += row.Probability;
        }
        return chances;
    }
}
