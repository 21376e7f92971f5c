using System.Text;

namespace Regsosek.Api.Infrastructure.Parsing;

/// <summary>Checks on query text that the framework does not make, because it binds whatever arrived.</summary>
public static class QueryText
{
    /// <summary>
    /// True when the value is text: no control character (NUL, tab, line breaks, DEL, C1), no half of a surrogate pair,
    /// no Unicode non-character (U+FDD0..U+FDEF, U+FFFE, U+FFFF and their counterparts in every plane). Those are never
    /// part of a name, code or cursor; PostgreSQL refuses NUL in text and .NET refuses to normalise the others.
    /// </summary>
    public static bool IsText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done
                || Rune.IsControl(rune) || IsNonCharacter(rune.Value))
            {
                return false;
            }
            i += length - 1;
        }
        return true;
    }

    /// <summary>True for one or more of 0-9 and nothing else: no sign, space, exponent, or digits of other scripts.</summary>
    public static bool IsAsciiDigits(string value) => value.Length > 0 && value.All(char.IsAsciiDigit);

    private static bool IsNonCharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
