using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// What the coherent perturbation promises for a given set of true cells: the expected mean noise and mean absolute
/// noise, and their standard errors, computed from the table itself (its chance of 0 per pair of counts and its rows),
/// not from the published values. A release full of single-family cells has a different expectation than a realistic
/// one (docs/disclosure-control.md, "What coherence costs"), so the tests hold the observed figures to this, within
/// four standard errors, instead of to a constant a small release misses by chance.
/// </summary>
public sealed class StatedNoise
{
    private readonly PerturbationParameters _families;
    private readonly PerturbationParameters _persons;
    private readonly Dictionary<(int, int), double> _zeroChance;
    private readonly ILookup<(short Measure, int I, int PairFamilies, int PairPersons), CoherentRow> _rows;

    public StatedNoise(PerturbationParameters families, PerturbationParameters persons)
    {
        _families = families;
        _persons = persons;
        var table = CoherentPerturbation.Generate(families, persons);
        _zeroChance = table.Effects.ToDictionary(e => (e.Families, e.Persons), e => e.ZeroChance);
        // Looked up once per cell, over every cell of a release: grouped here rather than filtered per cell.
        _rows = table.Rows.ToLookup(r => (r.Measure, r.I, r.PairFamilies, r.PairPersons));
    }

    public readonly record struct Expectation(double Mean, double MeanStandardError, double MeanAbsolute, double MeanAbsoluteStandardError);

    /// <summary>Expected noise of one measure over cells given as (families, persons) true counts.</summary>
    public Expectation Of(short measure, IEnumerable<(long Families, long Persons)> cells)
    {
        double mean = 0, meanVariance = 0, absolute = 0, absoluteVariance = 0;
        var count = 0;
        foreach (var (families, persons) in cells)
        {
            count++;
            if (families == 0)
            {
                continue; // a true 0 stays 0
            }
            var (noise, probability) = Distribution(measure, (int)families, (int)persons);
            double m = 0, m2 = 0, a = 0;
            for (var k = 0; k < noise.Count; k++)
            {
                m += probability[k] * noise[k];
                m2 += probability[k] * noise[k] * noise[k];
                a += probability[k] * Math.Abs(noise[k]);
            }
            mean += m;
            meanVariance += m2 - m * m;
            absolute += a;
            absoluteVariance += m2 - a * a;
        }
        return new Expectation(mean / count, Math.Sqrt(meanVariance) / count, absolute / count, Math.Sqrt(absoluteVariance) / count);
    }

    /// <summary>The noise a cell of these counts may get in one measure, with its chance: 0 with the pair's chance, else the rows.</summary>
    private (List<int> Noise, List<double> Probability) Distribution(short measure, int families, int persons)
    {
        var coupled = families <= _families.MaxDrop && persons <= _persons.MaxDrop;
        var (pairFamilies, pairPersons) = coupled ? (families, persons) : (0, 0);
        var own = measure == MeasureCode.Families ? families : persons;
        var maxRow = measure == MeasureCode.Families ? _families.MaxRowIndex : _persons.MaxRowIndex;
        var q = coupled ? _zeroChance[(families, persons)] : 0;
        var noise = new List<int>();
        var probability = new List<double>();
        foreach (var row in _rows[(measure, Math.Min(own, maxRow), pairFamilies, pairPersons)])
        {
            noise.Add(row.Noise);
            probability.Add((1 - q) * row.Probability);
        }
        if (q > 0)
        {
            noise.Add(-own);
            probability.Add(q);
        }
        return (noise, probability);
    }
}
