using Dapper;
using Npgsql;

namespace Regsosek.Data.Statistics;

/// <summary>A published release whose values no longer hash to the checksum stored when it was published.</summary>
public sealed record AlteredRelease(int Id, string Name);

/// <summary>
/// The checksum of a release's published values, computed in SQL. The publisher stores it; the API recomputes it at
/// start-up, so published numbers that changed afterwards (by hand, by a bad script) are caught before they are served.
/// One definition for both, so the two can never drift apart.
/// </summary>
public static class ReleaseChecksum
{
    /// <summary>An aggregate over the stats.region_stat rows in scope (alias-free column names).</summary>
    /// <remarks>
    /// concat_ws skips nulls, deterministically: a region not covered (coverage 0, every count null) hashes as
    /// "code|0", and a covered one as before with its coverage appended only when it is partial (1). Full coverage (2)
    /// adds nothing, so releases published before coverage existed (all full) keep the checksum stored for them.
    /// </remarks>
    public const string Aggregate = """
        md5(string_agg(concat_ws('|', region_code, families_total, persons_total, families_by_tier,
                                 persons_by_tier, families_by_decile, persons_by_decile, NULLIF(coverage, 2)), E'\n' ORDER BY region_code))
        """;

    // A published release without a checksum cannot be vouched for either, hence IS DISTINCT FROM.
    private const string AlteredSql = $"""
        SELECT r.id, r.name
          FROM stats.published_release r
         WHERE r.checksum IS DISTINCT FROM (SELECT {Aggregate} FROM stats.region_stat s WHERE s.release_id = r.id)
         ORDER BY r.id
        """;

    /// <summary>Published releases whose stored values differ from what was published; readable with the API role.</summary>
    public static async Task<IReadOnlyList<AlteredRelease>> FindAlteredAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // The national release is ~92k rows per release; hashing takes well under the API's default command timeout,
        // but a start-up check must not fail on a slow disk.
        return (await connection.QueryAsync<AlteredRelease>(new CommandDefinition(AlteredSql, commandTimeout: 0, cancellationToken: ct))).AsList();
    }
}
