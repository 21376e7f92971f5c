namespace Regsosek.Pipeline.Disclosure;

/// <summary>sdc.ptable.measure: which count a perturbation row perturbs.</summary>
public static class MeasureCode
{
    public const short Families = 1;
    public const short Persons = 2;
}

/// <summary>
/// The <see cref="MeasureCode"/> values as SQL literals, for SQL constants that pick a measure's ptable: a constant
/// string cannot format a number, so they are written out again here (a test keeps the two equal).
/// </summary>
internal static class MeasureCodeSql
{
    public const string Families = "1";
    public const string Persons = "2";
}
