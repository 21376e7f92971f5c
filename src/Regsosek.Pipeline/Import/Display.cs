using System.Text;

namespace Regsosek.Pipeline.Import;

/// <summary>Values quoted in error messages: short, and on one line whatever the file held.</summary>
internal static class Display
{
    private const int MaxChars = 40;

    public static string Value(ReadOnlySpan<char> value)
    {
        var text = new StringBuilder("'");
        foreach (var c in value.Length > MaxChars ? value[..MaxChars] : value)
        {
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\'' => "\\'",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append(value.Length > MaxChars ? "...'" : "'").ToString();
    }
}
