namespace Regsosek.Pipeline.Disclosure;

/// <summary>
/// One ptable entry: an original count <see cref="I"/> (or any count at or above <c>i_max</c> when
/// <see cref="I"/> is <c>i_max</c>) is published as <c>I + Noise</c> when its 32-bit cell key falls in
/// [<see cref="LowerBound"/>, <see cref="UpperBound"/>). Bounds are integers so the SQL lookup is exact.
/// </summary>
public readonly record struct PerturbationRow(int I, int Noise, double Probability, long LowerBound, long UpperBound);
