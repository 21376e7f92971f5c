using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Regsosek.Api.Infrastructure.Parsing;

namespace Regsosek.Api.Infrastructure.Paging;

/// <summary>Keyset cursor: opaque to clients so the paging key can change without breaking them.</summary>
public static class PageCursor
{
    /// <summary>How every cursor parameter is documented.</summary>
    public const string ParameterDescription = "Opaque cursor from the previous page's nextCursor; omit for the first page.";

    private const string Prefix = "k1:";
    private const int MaxLength = 64;

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastKey));

    /// <summary>
    /// The key a cursor continues after, or null when it is not one this API issued. The key is text at least; whether
    /// it is a key of what is being paged is for the collection to say (a region code of the right level, say).
    /// </summary>
    public static string? KeyOf(string cursor)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
        return text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length && text.Length < MaxLength
               && QueryText.IsText(text)
            ? text[Prefix.Length..]
            : null;
    }

    /// <summary>The current request's URL with the cursor (and any <paramref name="pinned"/> parameters) replaced, for the next-page link.</summary>
    public static string NextLink(HttpRequest request, string cursor, params (string Name, string Value)[] pinned)
    {
        var replaced = pinned.Select(p => p.Name).Append("cursor").ToHashSet();
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var builder = new QueryBuilder(query.Where(p => !replaced.Contains(p.Key)).SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? ""))));
        foreach (var (name, value) in pinned)
        {
            builder.Add(name, value);
        }
        builder.Add("cursor", cursor);
        return request.PathBase + request.Path + builder.ToQueryString();
    }
}
