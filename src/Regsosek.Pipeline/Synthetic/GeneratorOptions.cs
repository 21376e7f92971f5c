namespace Regsosek.Pipeline.Synthetic;

/// <param name="Seed">Same seed and same village set give byte-identical output.</param>
/// <param name="TargetFamilies">Total families to generate over the whole scope; met exactly.</param>
public sealed record GeneratorOptions(int Seed, long TargetFamilies);
