namespace Regsosek.Data.Tables;

/// <summary>A category of a table variable: its API code, its value in stats.table_cell, and its labels.</summary>
public sealed record TableCategory(string Code, short Value, string English, string Indonesian);

/// <summary>
/// A variable a custom table can be broken down by. <see cref="Bit"/> identifies it in a table's variable mask
/// (stats.table_cell.variables); <see cref="Column"/> is its column in stats.table_cell, where 0 means "all categories"
/// (the variable is not in the table, or the row is its total).
/// </summary>
public sealed record TableVariable(string Name, short Bit, string Column, string English, string Indonesian, IReadOnlyList<TableCategory> Categories)
{
    public TableCategory? Find(short value) => Categories.FirstOrDefault(c => c.Value == value);
}

/// <summary>
/// The six variables of custom tables, in the order their columns appear in every output (the same order as their bits,
/// highest first). The codes of tier and decile are the ones the rest of the API uses.
/// </summary>
public static class TableVariables
{
    public static readonly TableVariable Tier = new("tier", 32, "tier", "Welfare tier", "Peringkat kesejahteraan",
    [
        new("extreme_poor", 1, "Extreme poor", "Sangat miskin"),
        new("poor", 2, "Poor", "Miskin"),
        new("vulnerable", 3, "Vulnerable", "Rentan miskin"),
        new("upper_middle", 4, "Upper middle and above", "Menengah ke atas"),
    ]);

    public static readonly TableVariable Decile = new("decile", 16, "decile", "National welfare decile", "Desil kesejahteraan nasional",
        Enumerable.Range(1, 10).Select(d => new TableCategory(d.ToString(System.Globalization.CultureInfo.InvariantCulture), (short)d,
            $"Decile {d}", $"Desil {d}")).ToList());

    public static readonly TableVariable HeadSex = new("head_sex", 8, "head_sex", "Sex of the family head", "Jenis kelamin kepala keluarga",
    [
        new("male", 1, "Male", "Laki-laki"),
        new("female", 2, "Female", "Perempuan"),
    ]);

    public static readonly TableVariable HeadAgeGroup = new("head_age_group", 4, "head_age_group", "Age group of the family head", "Kelompok umur kepala keluarga",
    [
        new("15-24", 1, "15-24 years", "15-24 tahun"),
        new("25-34", 2, "25-34 years", "25-34 tahun"),
        new("35-44", 3, "35-44 years", "35-44 tahun"),
        new("45-54", 4, "45-54 years", "45-54 tahun"),
        new("55-64", 5, "55-64 years", "55-64 tahun"),
        new("65+", 6, "65 years and over", "65 tahun ke atas"),
    ]);

    public static readonly TableVariable Disability = new("disability", 2, "disability", "A member lives with a disability", "Ada anggota keluarga penyandang disabilitas",
    [
        new("no", 1, "No", "Tidak"),
        new("yes", 2, "Yes", "Ya"),
    ]);

    public static readonly TableVariable FamilySize = new("family_size", 1, "family_size", "Family size (members)", "Jumlah anggota keluarga",
    [
        new("1", 1, "1 member", "1 orang"),
        new("2", 2, "2 members", "2 orang"),
        new("3-4", 3, "3-4 members", "3-4 orang"),
        new("5-6", 4, "5-6 members", "5-6 orang"),
        new("7+", 5, "7 members or more", "7 orang atau lebih"),
    ]);

    /// <summary>All variables, highest bit first: the column order of every table output.</summary>
    public static readonly IReadOnlyList<TableVariable> All = [Tier, Decile, HeadSex, HeadAgeGroup, Disability, FamilySize];

    public static TableVariable? FindByName(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    /// <summary>The mask of a set of variables (stats.table_cell.variables).</summary>
    public static short MaskOf(IEnumerable<TableVariable> variables) => (short)variables.Aggregate(0, (mask, v) => mask | (ushort)v.Bit);

    /// <summary>Band of a family size, as stored: 1, 2, 3-4, 5-6, 7+.</summary>
    public static short FamilySizeBand(int members) => members switch { <= 1 => 1, 2 => 2, <= 4 => 3, <= 6 => 4, _ => 5 };
}
