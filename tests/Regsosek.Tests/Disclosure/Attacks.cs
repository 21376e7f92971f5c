namespace Regsosek.Tests.Disclosure;

/// <summary>What an attacker who knows D and the additive relations of the true counts can infer from published values.</summary>
public static class Attacks
{
    /// <summary>The additive relations true counts obey: total = sum(tiers), total = sum(deciles), parent = sum(children) per category.</summary>
    public static List<(CellId Sum, CellId[] Parts)> Relations(IReadOnlyDictionary<string, string?> parents)
    {
        var relations = new List<(CellId, CellId[])>();
        var categories = new List<(char Dim, int Cat)> { ('a', 0) };
        categories.AddRange(Enumerable.Range(1, 4).Select(t => ('t', t)));
        categories.AddRange(Enumerable.Range(1, 10).Select(d => ('d', d)));
        foreach (var region in parents.Keys)
        {
            relations.Add((new CellId(region, 'a', 0), Enumerable.Range(1, 4).Select(t => new CellId(region, 't', t)).ToArray()));
            relations.Add((new CellId(region, 'a', 0), Enumerable.Range(1, 10).Select(d => new CellId(region, 'd', d)).ToArray()));
        }
        foreach (var family in parents.Where(p => p.Value is not null && parents.ContainsKey(p.Value)).GroupBy(p => p.Value!))
        {
            foreach (var (dim, cat) in categories)
            {
                relations.Add((new CellId(family.Key, dim, cat), family.Select(c => new CellId(c.Key, dim, cat)).ToArray()));
            }
        }
        return relations;
    }

    /// <summary>
    /// Interval propagation to a fixpoint: each true count starts in what its published value allows
    /// ([p - D, p + D] and at least 1 when p > 0, since 0 publishes 0; [0, D] when p = 0), then every
    /// relation tightens sums and parts until nothing changes.
    /// </summary>
    public static Dictionary<TKey, (long Lo, long Hi)> PropagateIntervals<TKey>(
        IReadOnlyDictionary<TKey, (long True, long Published)> cells, List<(TKey Sum, TKey[] Parts)> relations, int d) where TKey : notnull
    {
        var bounds = cells.ToDictionary(c => c.Key, c => c.Value.Published == 0
            ? (Lo: 0L, Hi: (long)d)
            : (Lo: Math.Max(1, c.Value.Published - d), Hi: c.Value.Published + d));
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (sum, parts) in relations)
            {
                var loSum = parts.Sum(p => bounds[p].Lo);
                var hiSum = parts.Sum(p => bounds[p].Hi);
                var (lo, hi) = bounds[sum];
                var newSum = (Lo: Math.Max(lo, loSum), Hi: Math.Min(hi, hiSum));
                if (newSum != (lo, hi))
                {
                    bounds[sum] = newSum;
                    changed = true;
                }
                foreach (var part in parts)
                {
                    var (plo, phi) = bounds[part];
                    var tightened = (Lo: Math.Max(plo, bounds[sum].Lo - (hiSum - phi)), Hi: Math.Min(phi, bounds[sum].Hi - (loSum - plo)));
                    if (tightened != (plo, phi))
                    {
                        bounds[part] = tightened;
                        loSum += tightened.Lo - plo;
                        hiSum += tightened.Hi - phi;
                        changed = true;
                    }
                }
            }
        }
        return bounds;
    }

    /// <summary>
    /// For each small cell (true 1..4), averages three estimates: the published value,
    /// total minus the other tiers (tier cells), and parent minus the siblings; returns the share
    /// recovered exactly after rounding.
    /// </summary>
    public static (int Small, int Recovered) Averaging(IReadOnlyDictionary<CellId, (long True, long Published)> cells,
        IReadOnlyDictionary<string, string?> parents)
    {
        var children = parents.Where(p => p.Value is not null).GroupBy(p => p.Value!).ToDictionary(g => g.Key, g => g.Select(c => c.Key).ToList());
        int small = 0, recovered = 0;
        foreach (var (id, (truth, published)) in cells)
        {
            if (truth is < 1 or > 4)
            {
                continue;
            }
            small++;
            var estimates = new List<double> { published };
            if (id.Dim == 't')
            {
                estimates.Add(cells[id with { Dim = 'a', Cat = 0 }].Published -
                              Enumerable.Range(1, 4).Where(t => t != id.Cat).Sum(t => cells[id with { Cat = t }].Published));
            }
            if (parents.GetValueOrDefault(id.Region) is { } parent && cells.ContainsKey(id with { Region = parent }))
            {
                estimates.Add(cells[id with { Region = parent }].Published -
                              children[parent].Where(s => s != id.Region).Sum(s => cells[id with { Region = s }].Published));
            }
            if (Math.Round(estimates.Average(), MidpointRounding.AwayFromZero) == truth)
            {
                recovered++;
            }
        }
        return (small, recovered);
    }
}
