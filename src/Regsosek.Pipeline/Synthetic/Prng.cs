using System.Numerics;

namespace Regsosek.Pipeline.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Hand-rolled rather than System.Random so that a seed
/// keeps producing the same data across .NET versions (Random's seeded algorithm is not a contract).
/// Per-village plans still use Math.Exp/Log/Cos; should a platform's libm differ in the last bit, a
/// draw lying exactly on a threshold could flip, so byte identity is promised per platform, not across all.
/// </summary>
internal sealed class Prng
{
    private ulong _s0, _s1, _s2, _s3;

    public Prng(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>
    /// A stream that depends only on (seed, purpose, key), so one village's data never depends on
    /// which other villages are generated or in what order.
    /// </summary>
    public static Prng For(int seed, string purpose, string key) => new(StableKey(seed, purpose, key));

    public static ulong StableKey(int seed, string purpose, string key)
    {
        // FNV-1a because string.GetHashCode is randomised per process.
        var h = 14695981039346656037UL;
        foreach (var c in purpose) h = (h ^ c) * 1099511628211UL;
        h = (h ^ '|') * 1099511628211UL;
        foreach (var c in key) h = (h ^ c) * 1099511628211UL;
        return Mix(h ^ Mix((ulong)(long)seed + 0x9E3779B97F4A7C15UL));
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 bits of precision.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1).</summary>
    public double NextSigned() => NextDouble() * 2.0 - 1.0;

    /// <summary>Standard normal (Box-Muller); only used for per-village plans, never per family.</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1] keeps Log finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Index of the first cumulative bound above a uniform draw; bounds end with 1.0.</summary>
    public int Pick(double[] cumulative)
    {
        var u = NextDouble();
        var i = 0;
        while (i < cumulative.Length - 1 && u >= cumulative[i]) i++;
        return i;
    }

    private static ulong SplitMix64(ref ulong state) => Mix(state += 0x9E3779B97F4A7C15UL);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
