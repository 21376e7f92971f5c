using Dapper;
using Npgsql;

namespace Regsosek.Tests.Disclosure;

/// <summary>A cell: region, dimension ('t' tier 1..4, 'd' decile 1..10, 'a' all with cat 0) and measure.</summary>
public readonly record struct CellId(string Region, char Dim, int Cat);

/// <summary>
/// Published and true values of every cell of one release, for the tests that prove the method.
/// True counts are computed here independently of the publisher, straight from the microdata,
/// with the admin role (the API's role cannot do this).
/// </summary>
public sealed class ReleaseCells
{
    public required Dictionary<CellId, (long True, long Published)> Families { get; init; }
    public required Dictionary<CellId, (long True, long Published)> Persons { get; init; }
    public required Dictionary<string, string?> Parents { get; init; }

    public IEnumerable<(string Measure, Dictionary<CellId, (long True, long Published)> Cells, int D)> Measures(int familiesD, int personsD) =>
        [("families", Families, familiesD), ("persons", Persons, personsD)];

    private const string PublishedSql = """
        SELECT region_code AS RegionCode, parent_code AS ParentCode, families_total AS FamiliesTotal, persons_total AS PersonsTotal,
               families_by_tier AS FamiliesByTier, persons_by_tier AS PersonsByTier,
               families_by_decile AS FamiliesByDecile, persons_by_decile AS PersonsByDecile
          FROM stats.region_stat WHERE release_id = @releaseId AND (region_code = 'ID' OR region_code LIKE @prefix)
        """;

    // Deliberately not the publisher's SQL: a plain GROUP BY per level over the families.
    private const string TrueSql = """
        SELECT code AS region, dim, cat, count(*)::bigint AS families, sum(members)::bigint AS persons
          FROM microdata.family f
         CROSS JOIN LATERAL (VALUES ('ID'), (left(f.village_code, 2)), (left(f.village_code, 5)), (left(f.village_code, 8)), (f.village_code)) r(code)
         CROSS JOIN LATERAL (VALUES ('t', f.tier::int), ('d', f.decile::int), ('a', 0)) k(dim, cat)
         WHERE f.release_id = @releaseId
         GROUP BY code, dim, cat
        """;

    public static async Task<ReleaseCells> LoadAsync(string adminConnectionString, int releaseId, string regionPrefix)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var families = new Dictionary<CellId, (long, long)>();
        var persons = new Dictionary<CellId, (long, long)>();
        var parents = new Dictionary<string, string?>();
        var truth = (await connection.QueryAsync<(string Region, string Dim, int Cat, long Families, long Persons)>(
                TrueSql, new { releaseId }, commandTimeout: 600))
            .ToDictionary(t => new CellId(t.Region, t.Dim[0], t.Cat), t => (t.Families, t.Persons));
        foreach (var row in await connection.QueryAsync<PublishedRow>(PublishedSql, new { releaseId, prefix = regionPrefix + "%" }))
        {
            parents[row.RegionCode] = row.ParentCode;
            void Add(char dim, int cat, int publishedFamilies, int publishedPersons)
            {
                var id = new CellId(row.RegionCode, dim, cat);
                var (trueFamilies, truePersons) = truth.GetValueOrDefault(id);
                families[id] = (trueFamilies, publishedFamilies);
                persons[id] = (truePersons, publishedPersons);
            }
            Add('a', 0, row.FamiliesTotal, row.PersonsTotal);
            for (var t = 0; t < 4; t++)
            {
                Add('t', t + 1, row.FamiliesByTier[t], row.PersonsByTier[t]);
            }
            for (var d = 0; d < 10; d++)
            {
                Add('d', d + 1, row.FamiliesByDecile[d], row.PersonsByDecile[d]);
            }
        }
        return new ReleaseCells { Families = families, Persons = persons, Parents = parents };
    }

    private sealed class PublishedRow
    {
        public string RegionCode { get; init; } = "";
        public string? ParentCode { get; init; }
        public int FamiliesTotal { get; init; }
        public int PersonsTotal { get; init; }
        public int[] FamiliesByTier { get; init; } = [];
        public int[] PersonsByTier { get; init; } = [];
        public int[] FamiliesByDecile { get; init; } = [];
        public int[] PersonsByDecile { get; init; } = [];
    }
}
