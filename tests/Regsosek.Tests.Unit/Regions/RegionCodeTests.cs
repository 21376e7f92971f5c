using Regsosek.Data.Regions;

namespace Regsosek.Tests.Regions;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("18", RegionLevel.Province, "provinsi")]
    [InlineData("18.01", RegionLevel.Regency, "kabupaten")]
    [InlineData("18.71", RegionLevel.Regency, "kota")]
    [InlineData("18.71.01", RegionLevel.District, "kecamatan")]
    [InlineData("18.71.01.1003", RegionLevel.Village, "kelurahan")]
    [InlineData("18.01.01.2001", RegionLevel.Village, "desa")]
    [InlineData("91.03.01.3007", RegionLevel.Village, "desa")]
    public void Level_and_kind_follow_from_the_code(string value, RegionLevel level, string kind)
    {
        var code = RegionCode.Parse(value);
        Assert.Equal(level, code.Level);
        Assert.Equal(kind, code.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("18.1")]
    [InlineData("18.71.01.100")]
    [InlineData("18.71.01.1003.1")]
    [InlineData("١٨")]
    [InlineData("18.71\n")]
    public void Malformed_codes_are_rejected(string value) => Assert.False(RegionCode.TryParse(value, out _));

    [Fact]
    public void Ancestors_run_from_province_down()
    {
        var code = RegionCode.Parse("18.71.01.1003");
        Assert.Equal(["18", "18.71", "18.71.01"], code.Ancestors.Select(a => a.Value).ToArray());
        Assert.Equal("18.71.01", code.Parent?.Value);
        Assert.Null(RegionCode.Parse("18").Parent);
    }

    [Theory]
    [InlineData("Regapu’u", "regapu'u")]
    [InlineData("NGÏSON", "ngison")]
    [InlineData("Soka\"an", "soka\"an")]
    public void Folding_ignores_case_accents_and_curly_quotes(string name, string folded) =>
        Assert.Equal(folded, NameFolding.Fold(name));
}
