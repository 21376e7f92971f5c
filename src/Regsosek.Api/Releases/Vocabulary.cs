namespace Regsosek.Api.Releases;

/// <summary>A category or measure with its stable code and its names and meaning in English and Indonesian.</summary>
/// <param name="Id">Stable code used in parameters, JSON, CSV headers and JSON-stat categories.</param>
/// <param name="Label">English name.</param>
/// <param name="LabelId">Indonesian name.</param>
/// <param name="Definition">What it counts, in English.</param>
/// <param name="DefinitionId">What it counts, in Indonesian.</param>
public sealed record Term(string Id, string Label, string LabelId, string Definition, string DefinitionId);

/// <summary>The closed vocabularies of the statistics, shared by every endpoint and format.</summary>
public static class Vocabulary
{
    public static IReadOnlyList<Term> Measures { get; } =
    [
        new("families", "Families", "Keluarga",
            "Families (one per family card, kartu keluarga) registered at their domicile.",
            "Keluarga (satu per kartu keluarga) yang terdaftar di tempat tinggalnya."),
        new("persons", "Persons", "Jiwa",
            "Members of those families. Never added to or divided by family counts.",
            "Anggota keluarga tersebut. Tidak pernah dijumlahkan atau dibagi dengan jumlah keluarga."),
    ];

    public static IReadOnlyList<Term> Tiers { get; } =
    [
        new("extreme_poor", "Extreme poor", "Miskin ekstrem", "Welfare tier 1 of 4, the poorest.", "Tingkat kesejahteraan 1 dari 4, paling miskin."),
        new("poor", "Poor", "Miskin", "Welfare tier 2 of 4.", "Tingkat kesejahteraan 2 dari 4."),
        new("vulnerable", "Vulnerable to poverty", "Rentan miskin", "Welfare tier 3 of 4.", "Tingkat kesejahteraan 3 dari 4."),
        new("upper_middle", "Middle and upper", "Menengah ke atas", "Welfare tier 4 of 4.", "Tingkat kesejahteraan 4 dari 4."),
    ];

    public static IReadOnlyList<Term> Deciles { get; } = Enumerable.Range(1, 10).Select(d => new Term(
        d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        $"Decile {d}", $"Desil {d}",
        $"National welfare decile {d} of 10 by proxy-means test ({(d == 1 ? "poorest" : d == 10 ? "richest" : "1 = poorest")} 10 % of families).",
        $"Desil kesejahteraan nasional {d} dari 10 menurut proxy-means test ({(d == 1 ? "termiskin" : d == 10 ? "terkaya" : "1 = termiskin")}).")).ToList();
}
