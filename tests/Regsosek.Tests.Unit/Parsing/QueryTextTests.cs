using Regsosek.Api.Infrastructure.Parsing;

namespace Regsosek.Tests.Parsing;

public sealed class QueryTextTests
{
    [Theory]
    [InlineData("Bandar Lampung")]
    [InlineData("Regapu’u")]
    [InlineData("NGÏSON")]
    [InlineData("名前 🙂")]
    [InlineData("")]
    public void Names_in_any_script_are_text(string value) => Assert.True(QueryText.IsText(value));

    [Theory]
    [InlineData("ab\0cd")]
    [InlineData("ab\tcd")]
    [InlineData("ab\ncd")]
    [InlineData("ab\u007fcd")]
    [InlineData("ab\u0085cd")]
    [InlineData("ab\ufffecd")]
    [InlineData("ab\uffff")]
    [InlineData("ab\ufdd0")]
    [InlineData("ab\U0001FFFE")]
    [InlineData("ab\U0010FFFF")]
    public void Control_characters_and_non_characters_are_not_text(string value) => Assert.False(QueryText.IsText(value));

    // Built here, not passed as test data: xUnit would carry a lone surrogate over as a replacement character.
    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDBFF)]
    [InlineData(0xDC00)]
    public void Half_of_a_surrogate_pair_is_not_text(int half)
    {
        Assert.False(QueryText.IsText($"ab{(char)half}cd"));
        Assert.False(QueryText.IsText($"ab{(char)half}"));
        Assert.False(QueryText.IsText($"{(char)half}"));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0123456789", true)]
    [InlineData("", false)]
    [InlineData(" 10", false)]
    [InlineData("+5", false)]
    [InlineData("-5", false)]
    [InlineData("1e3", false)]
    [InlineData("1.0", false)]
    [InlineData("18\0", false)]
    [InlineData("\uff11", false)] // fullwidth 1
    [InlineData("\u0663", false)] // Arabic-Indic 3
    public void Only_ascii_digits_are_digits(string value, bool digits) => Assert.Equal(digits, QueryText.IsAsciiDigits(value));
}
