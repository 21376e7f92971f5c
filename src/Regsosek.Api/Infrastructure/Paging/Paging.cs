namespace Regsosek.Api.Infrastructure.Paging;

/// <summary>
/// One page of a keyset-paged collection, with the way to the next one (both null on the last page) and the number of
/// items over all pages of the query, so a client can show progress or decide to use a bulk file instead.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, string? Next, int Total);

public static class Paging
{
    /// <summary>
    /// Cuts rows read with <see cref="PageRequest.RowsToRead"/> to the page, and when there is more, names the next
    /// page: a cursor after the last item's key, and this request's URL with that cursor, also sent as Link rel="next".
    /// A <paramref name="pinned"/> parameter replaces the request's own in that URL, so the next page reads what this one did.
    /// </summary>
    public static Page<T> ToPage<T>(this IReadOnlyList<T> rows, PageRequest request, Func<T, string> keyOf, int total, HttpContext http,
        params (string Name, string Value)[] pinned)
    {
        if (rows.Count <= request.Limit)
        {
            return new Page<T>(rows, null, null, total);
        }
        var items = rows.Take(request.Limit).ToList();
        var cursor = PageCursor.Encode(keyOf(items[^1]));
        var next = PageCursor.NextLink(http.Request, cursor, pinned);
        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return new Page<T>(items, cursor, next, total);
    }
}
