using Dapper;
using Npgsql;

namespace Regsosek.Tests.Faults;

/// <summary>
/// A fingerprint of everything an import or publish may change: releases, published values, microdata per release,
/// the record-key registry, disclosure parameters, perturbation tables and zero thresholds, and which tables and partitions exist.
/// Sequence positions are left out on purpose: PostgreSQL never rolls them back, and an id skipped is no harm.
/// </summary>
public static class DatabaseState
{
    private const string FingerprintSql = """
        SELECT part FROM (
            SELECT 'release ' || r::text AS part FROM stats.release r
            UNION ALL SELECT 'region_stat ' || release_id || ' ' || count(*) || ' ' || md5(string_agg(s::text, E'\n' ORDER BY region_code))
              FROM stats.region_stat s GROUP BY release_id
            UNION ALL SELECT 'family ' || release_id || ' ' || count(*) || ' ' || md5(string_agg(f::text, E'\n' ORDER BY family_key))
              FROM microdata.family f GROUP BY release_id
            UNION ALL SELECT 'record_key ' || count(*) || ' ' || coalesce(md5(string_agg(k::text, E'\n' ORDER BY family_key)), '')
              FROM microdata.record_key k
            UNION ALL SELECT 'ptable ' || release_id || ' ' || count(*) || ' ' || md5(string_agg(p::text, E'\n' ORDER BY measure, i, pair_families, pair_persons, lb))
              FROM sdc.ptable p GROUP BY release_id
            UNION ALL SELECT 'zero_threshold ' || release_id || ' ' || count(*) || ' ' || md5(string_agg(z::text, E'\n' ORDER BY families, persons))
              FROM sdc.zero_threshold z GROUP BY release_id
            UNION ALL SELECT 'parameters ' || p::text FROM sdc.release_parameters p
            UNION ALL SELECT 'relation ' || c.oid::regclass::text || ' ' || c.relkind::text FROM pg_class c
             WHERE c.relnamespace IN ('microdata'::regnamespace, 'stats'::regnamespace, 'sdc'::regnamespace) AND c.relkind <> 'S'
            UNION ALL SELECT 'partition ' || i.inhrelid::regclass::text FROM pg_inherits i WHERE i.inhparent = 'microdata.family'::regclass
        ) parts
        ORDER BY part
        """;

    /// <summary>One line per part (a release row, a release's values' hash and row count, a table...), in a stable order.</summary>
    public static async Task<IReadOnlyList<string>> FingerprintAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        return (await connection.QueryAsync<string>(new CommandDefinition(FingerprintSql, commandTimeout: 300))).AsList();
    }

    /// <summary>The lines only in one of the two fingerprints, for a readable failure.</summary>
    public static string Difference(IReadOnlyList<string> before, IReadOnlyList<string> after) =>
        "only before: " + string.Join(" | ", before.Except(after)) + "\nonly after: " + string.Join(" | ", after.Except(before));
}
