using System.Globalization;
using System.Reflection;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Import;
using Regsosek.Pipeline.Disclosure;
using Regsosek.Pipeline.Publishing;

namespace Regsosek.Tests;

/// <summary>
/// SQL constants carry enum values as text, because a constant string cannot format a number: each text must be the
/// number the C# side writes and reads, member by member.
/// </summary>
public sealed class SqlLiteralTests
{
    [Fact]
    public void Region_level_literals_are_the_numbers_of_the_region_levels() =>
        Assert.Equal(Constants(typeof(RegionLevel)), Constants(typeof(RegionLevelSql)).Where(c => c.Name != nameof(RegionLevelSql.National)));

    [Fact]
    public void Key_status_literals_are_the_numbers_the_importer_copies() =>
        Assert.Equal(Constants(typeof(KeyStatus)), Constants(typeof(KeyStatusSql)));

    [Fact]
    public void Measure_code_literals_are_the_numbers_the_publisher_writes_into_the_ptable() =>
        Assert.Equal(Constants(typeof(MeasureCode)), Constants(typeof(MeasureCodeSql)));

    /// <summary>Every constant (enum member or const field) of <paramref name="type"/> as text, by name.</summary>
    private static List<(string Name, string Text)> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (f.Name, Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
}
