using Regsosek.Data.Regions;

namespace Regsosek.Pipeline.Synthetic;

/// <summary>
/// A village in the generation scope, e.g. <c>new VillageRef("18.71.01.1003", IsUrban: true)</c>.
/// The code is a Kemendagri village code NN.NN.NN.NNNN; urban/rural status is the caller's call
/// (kelurahan vs desa is only a proxy for BPS urban classification).
/// </summary>
public sealed record VillageRef(string Code, bool IsUrban)
{
    /// <summary>The village <paramref name="code"/>, urban when it is a kelurahan (the proxy the CLI and the tests use).</summary>
    public static VillageRef FromCode(string code) => new(code, RegionCode.Parse(code).IsUrbanVillage);
}
