using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Tests.Disclosure;

/// <summary>
/// Differencing against every draw the table allows, not one release's draws: a whole of two parts, one of them small
/// (true 1-4), each of the three published with any value its count can get. Releases showed why: a whole drawn D low
/// and its large part drawn D high told an attacker who knows D that the small part held exactly 1 (in about one CI run
/// of ten, as the record keys of the test release changed).
/// </summary>
public sealed class DifferencingBoundTests
{
    private static readonly PerturbationParameters Families = new(5, 3.0, 2);

    [Fact]
    public void No_draw_of_a_whole_and_its_parts_pins_a_small_part_when_the_noise_stops_short_of_minus_D()
    {
        Assert.Empty(Pins(Families with { StopsShortOfMinusD = true }));
    }

    [Fact]
    public void Noise_that_reaches_minus_D_lets_the_whole_and_its_large_part_pin_the_small_one()
    {
        var pins = Pins(Families);

        Assert.Contains((Whole: 12L, Large: 11L, Small: 1L, WholePublished: 7L, LargePublished: 16L), pins);
    }

    /// <summary>Every (whole, large part, small part) of true counts and published values whose propagated interval is one value.</summary>
    private static List<(long Whole, long Large, long Small, long WholePublished, long LargePublished)> Pins(PerturbationParameters p)
    {
        var published = PerturbationTable.Generate(p).GroupBy(r => r.I).ToDictionary(g => g.Key, g => g.Select(r => (long)(r.I + r.Noise)).ToArray());
        long[] Values(long n) => n == 0 ? [0] : published[(int)Math.Min(n, p.MaxRowIndex)].Select(v => v - Math.Min(n, p.MaxRowIndex) + n).ToArray();
        var relations = new List<(string Sum, string[] Parts)> { ("whole", ["large", "small"]) };
        var pins = new List<(long, long, long, long, long)>();
        for (long small = 1; small <= 4; small++)
        {
            for (long large = 0; large <= 3 * p.MaxRowIndex; large++)
            {
                var whole = large + small;
                foreach (var w in Values(whole))
                foreach (var l in Values(large))
                foreach (var s in Values(small))
                {
                    var cells = new Dictionary<string, (long True, long Published)>
                    {
                        ["whole"] = (whole, w), ["large"] = (large, l), ["small"] = (small, s),
                    };
                    var (lo, hi) = Attacks.PropagateIntervals(cells, relations, p.MaxNoise)["small"];
                    if (lo == hi)
                    {
                        pins.Add((whole, large, small, w, l));
                    }
                }
            }
        }
        return pins;
    }
}
