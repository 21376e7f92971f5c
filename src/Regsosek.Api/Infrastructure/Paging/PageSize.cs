namespace Regsosek.Api.Infrastructure.Paging;

/// <summary>
/// The page-size policy of each paged collection: what limit= defaults to and the most it may be. Parsers, the
/// limit parameter's documentation and the hints that mention page sizes all read it here.
/// </summary>
public enum PageSize
{
    /// <summary>Regions in lists and searches: small rows, a page a person reads.</summary>
    Regions,

    /// <summary>Rows of a statistics table: a page a program reads; every row of a release at once is the export.</summary>
    StatisticsRows,
}

public static class PageSizes
{
    public static int Default(this PageSize size) => size switch
    {
        PageSize.Regions => 100,
        PageSize.StatisticsRows => 1000,
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };

    public static int Max(this PageSize size) => size switch
    {
        PageSize.Regions => 1000,
        PageSize.StatisticsRows => 5000,
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };

    /// <summary>What the limit parameter of such a collection is documented as.</summary>
    public static string Describe(this PageSize size) => size switch
    {
        PageSize.Regions => $"Page size, 1-{size.Max()} (default {size.Default()}).",
        PageSize.StatisticsRows =>
            $"Rows per page with parent/level, 1-{size.Max()} (default {size.Default()}). Every row of a release at once: the CSV export.",
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };
}
