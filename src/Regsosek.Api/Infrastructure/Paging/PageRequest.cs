using System.Globalization;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.Infrastructure.Parsing;

namespace Regsosek.Api.Infrastructure.Paging;

/// <summary>The page a request asks for: how many items, after which key (null: from the start).</summary>
public readonly record struct PageRequest(int Limit, string? After)
{
    /// <summary>One more than the page holds: the extra row tells whether a next page exists, without counting.</summary>
    public int RowsToRead => Limit + 1;

    /// <summary>limit= and cursor= of a collection paged by <paramref name="size"/>; limit first, as a client fixes it first.</summary>
    public static Outcome<PageRequest, BadRequestProblem> Parse(string? limit, string? cursor, PageSize size)
    {
        var count = size.Default();
        if (limit is not null)
        {
            if (!QueryText.IsAsciiDigits(limit))
            {
                return Problems.InvalidParameter("limit", $"limit '{Problems.Echo(limit)}' is not an integer; expected digits 0-9 only.",
                    $"Leave limit out for pages of {size.Default()}, or give a number from 1 to {size.Max()}.");
            }
            var fits = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count);
            if (!fits || count < 1 || count > size.Max())
            {
                var got = fits ? count.ToString(CultureInfo.InvariantCulture) : Problems.Echo(limit);
                return Problems.InvalidParameter("limit", $"limit must be between 1 and {size.Max()}; got {got}.",
                    "For every row of a release in one response use the bulk CSV export; otherwise follow the next link.");
            }
        }
        if (string.IsNullOrEmpty(cursor))
        {
            return new PageRequest(count, null);
        }
        return PageCursor.KeyOf(cursor) is { } after ? new PageRequest(count, after) : Problems.InvalidCursor();
    }
}
