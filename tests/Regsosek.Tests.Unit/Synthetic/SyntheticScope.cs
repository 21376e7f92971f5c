using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Tests.Synthetic;

/// <summary>Made-up village lists and a shared generated sample so the statistical tests stay fast.</summary>
internal static class SyntheticScope
{
    public const int Seed = 20220915;
    public const long TargetFamilies = 200_000;

    /// <summary>200 villages: 100 in Lampung (18) and 100 in Riau (14), half kelurahan, half desa, in a kota and a kabupaten.</summary>
    public static IReadOnlyList<VillageRef> TwoProvinces { get; } = Build(["18", "14"], villagesPerProvince: 100);

    /// <summary>Ten provinces without a published rate, standing in for a national run.</summary>
    public static IReadOnlyList<VillageRef> NationalLike { get; } =
        Build(["11", "12", "13", "14", "15", "16", "17", "19", "21", "31"], villagesPerProvince: 60);

    private static readonly Lazy<FamilyRecord[]> SampleLazy =
        new(() => FamilyGenerator.Generate(TwoProvinces, new GeneratorOptions(Seed, TargetFamilies)).ToArray());

    public static FamilyRecord[] Sample => SampleLazy.Value;

    public static bool IsUrban(string villageCode) => villageCode[9] == '1';

    private static List<VillageRef> Build(string[] provinces, int villagesPerProvince)
    {
        var list = new List<VillageRef>();
        foreach (var province in provinces)
        {
            for (var i = 0; i < villagesPerProvince; i++)
            {
                var urban = i % 2 == 0;
                var regency = i < villagesPerProvince / 4 ? "71" : $"{1 + i % 3:D2}";
                var district = $"{1 + i % 5:D2}";
                list.Add(new VillageRef($"{province}.{regency}.{district}.{(urban ? 1 : 2)}{i:D3}", urban));
            }
        }
        return list;
    }
}
