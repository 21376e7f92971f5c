using System.Text.RegularExpressions;

namespace Regsosek.Data.Regions;

/// <summary>A syntactically valid Kemendagri region code such as 18, 18.71, 18.71.01 or 18.71.01.1003.</summary>
public readonly partial record struct RegionCode
{
    public const string Pattern = @"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$";
    public const string PatternDescription = "NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN (e.g. 18, 18.71, 18.71.01, 18.71.01.1003)";

    private RegionCode(string value) => Value = value;

    public string Value { get; }

    public RegionLevel Level => (RegionLevel)(1 + Value.Count(c => c == '.'));

    public RegionCode? Parent => Level == RegionLevel.Province ? null : new RegionCode(Value[..Value.LastIndexOf('.')]);

    /// <summary>Ancestors from the province down, excluding this code.</summary>
    public IReadOnlyList<RegionCode> Ancestors
    {
        get
        {
            var result = new List<RegionCode>(3);
            for (var parent = Parent; parent is { } p; parent = p.Parent)
            {
                result.Insert(0, p);
            }
            return result;
        }
    }

    public static bool TryParse(string? value, out RegionCode code)
    {
        if (value is not null && value.Length <= 13 && CodeRegex().IsMatch(value))
        {
            code = new RegionCode(value);
            return true;
        }
        code = default;
        return false;
    }

    public static RegionCode Parse(string value) =>
        TryParse(value, out var code) ? code : throw new FormatException($"'{value}' is not a region code ({PatternDescription}).");

    /// <summary>kabupaten/kota from the regency part (01-69 / 71-99); kelurahan/desa from the village part's first digit.</summary>
    public string Kind => Level switch
    {
        RegionLevel.Province => "provinsi",
        RegionLevel.Regency => int.Parse(Value.AsSpan(3, 2)) >= 70 ? "kota" : "kabupaten",
        RegionLevel.District => "kecamatan",
        // 1xxx = kelurahan; 2xxx = desa; 3xxx = desa adat (customary villages in Papua), which are desa too.
        _ => Value[9] == '1' ? "kelurahan" : "desa",
    };

    public bool IsUrbanVillage => Level == RegionLevel.Village && Value[9] == '1';

    public override string ToString() => Value;

    // \z, not $: .NET's $ also matches before a trailing newline, which would let "18.71\n" through.
    [GeneratedRegex(@"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodeRegex();
}
