using System.Globalization;
using System.Text;

namespace Regsosek.Data.Regions;

/// <summary>
/// Case- and accent-insensitive form of a name. The loader stores it and the API folds search
/// terms the same way, so "Pekon Way Ngison" matches "way NGÏSON" and Regapu’u matches regapu'u.
/// </summary>
public static class NameFolding
{
    public static string Fold(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                    continue;
                case UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation:
                    builder.Append('\'');
                    continue;
                case UnicodeCategory.SpaceSeparator:
                    builder.Append(' ');
                    continue;
                default:
                    builder.Append(char.ToLowerInvariant(c));
                    continue;
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
