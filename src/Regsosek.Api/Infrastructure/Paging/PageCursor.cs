using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Regsosek.Api.Infrastructure.Paging;

/// <summary>Keyset cursor: opaque to clients so the paging key can change without breaking them.</summary>
public static class PageCursor
{
    private const string Prefix = "k1:";

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastKey));

    public static bool TryDecode(string? cursor, out string? lastKey)
    {
        lastKey = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length && text.Length < 64)
            {
                lastKey = text[Prefix.Length..];
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
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
