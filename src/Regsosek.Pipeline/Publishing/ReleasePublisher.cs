using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Pipeline.Publishing;

public sealed record PublishResult(int ReleaseId, string Name, long Regions, TimeSpan Elapsed, bool Rebuilt);

/// <summary>
/// Aggregates a release with the cell key method, entirely in SQL, and makes it current. True
/// counts and cell keys exist only inside this transaction's temporary tables; only perturbed
/// values are written to stats. The release switch is atomic: readers see the previous current
/// release until commit.
/// </summary>
public static class ReleasePublisher
{
    /// <param name="makeCurrent">False stages the release: its values are published and queryable by name, but the current release stays.</param>
    public static async Task<PublishResult> PublishAsync(NpgsqlDataSource db, string releaseName, DisclosureSettings defaults,
        TextWriter log, CancellationToken ct, bool makeCurrent = true)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Run(connection, "SET LOCAL work_mem = '256MB'", null, ct);

        var release = await connection.QuerySingleOrDefaultAsync<ReleaseRow>(new CommandDefinition(
            LockReleaseSql, new { name = releaseName }, tx, cancellationToken: ct))
            ?? throw new PublishException($"release '{releaseName}' does not exist; import it first");
        var rebuilt = release.Status == ReleaseStatus.Published;

        // A rebuild reuses the parameters stored at the first publish, so the same cells keep their values.
        var storedJson = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT parameters::text FROM sdc.release_parameters WHERE release_id = @id", new { id = release.Id }, tx, cancellationToken: ct));
        var settings = storedJson is null ? defaults : DisclosureSettings.Parse(storedJson);
        if (storedJson is null)
        {
            await Run(connection, "INSERT INTO sdc.release_parameters (release_id, parameters) VALUES (@id, @json::jsonb)",
                new { id = release.Id, json = settings.ToJson() }, ct);
        }
        await Run(connection, "DELETE FROM sdc.ptable WHERE release_id = @id; DELETE FROM stats.region_stat WHERE release_id = @id",
            new { id = release.Id }, ct);
        await WritePtablesAsync(connection, release.Id, settings, ct);

        log.WriteLine($"publish: aggregating release '{releaseName}'");
        await Run(connection, VillageAggregateSql, new { id = release.Id }, ct);
        log.WriteLine($"publish: cell keys for every region, tier, decile and total ({clock.Elapsed.TotalSeconds:F1} s)");
        await Run(connection, CellSql, null, ct);
        log.WriteLine($"publish: perturbing ({clock.Elapsed.TotalSeconds:F1} s)");
        await Run(connection, PerturbSql, new
        {
            id = release.Id,
            imaxFamilies = settings.Families.ToParameters().MaxRowIndex,
            imaxPersons = settings.Persons.ToParameters().MaxRowIndex,
        }, ct);
        var regions = await connection.ExecuteAsync(new CommandDefinition(PivotSql, new { id = release.Id }, tx, commandTimeout: 0, cancellationToken: ct));
        await Run(connection, FinishSql, new { id = release.Id, makeCurrent }, ct);
        // Fresh statistics become visible with the rows: without them the API's lookups by code are planned on a
        // guess (a scan of every region) until autovacuum gets round to the table.
        await Run(connection, "ANALYZE stats.region_stat", null, ct);
        await tx.CommitAsync(ct);
        var result = new PublishResult(release.Id, releaseName, regions, clock.Elapsed, rebuilt);
        log.WriteLine($"publish: release '{releaseName}' {(makeCurrent ? "is current" : "is staged")}: {regions:N0} regions in {clock.Elapsed.TotalSeconds:F1} s{(rebuilt ? " (rebuilt)" : "")}");
        return result;
    }

    private static async Task WritePtablesAsync(NpgsqlConnection connection, int releaseId, DisclosureSettings settings, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY sdc.ptable (release_id, measure, i, v, p, lb, ub) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (measure, parameters) in settings.Measures)
        {
            foreach (var row in PerturbationTable.Generate(parameters))
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(releaseId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(measure, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(row.I, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Noise, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Probability, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(row.LowerBound, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.UpperBound, NpgsqlDbType.Bigint, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static Task Run(NpgsqlConnection connection, string sql, object? parameters, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: ct));

    private sealed record ReleaseRow(int Id, string Status);

    private const string LockReleaseSql = """
        SELECT id, status FROM stats.release WHERE name = @name FOR UPDATE
        """;

    // One pass over the microdata. Counts, member sums and key sums are additive, so every higher
    // level is rolled up from these village partials instead of rescanning families.
    private const string VillageAggregateSql = """
        CREATE TEMP TABLE pub_village ON COMMIT DROP AS
        SELECT village_code, tier, decile,
               count(*)::bigint AS n_families, sum(members)::bigint AS n_persons,
               sum(rkey::bigint) AS key_families, sum(pkey_sum::bigint) AS key_persons
          FROM microdata.family
         WHERE release_id = @id
         GROUP BY village_code, tier, decile
        """;

    // One cell per region and CellDimension. The cell key is the sum of record keys mod 2^32, so the same set of
    // families always has the same key.
    private const string CellSql = $"""
        CREATE TEMP TABLE pub_cell ON COMMIT DROP AS
        SELECT code AS region_code,
               CASE WHEN GROUPING(tier) = 0 THEN '{CellDimension.Tier}' WHEN GROUPING(decile) = 0 THEN '{CellDimension.Decile}' ELSE '{CellDimension.All}' END AS dim,
               COALESCE(tier, decile, 0)::smallint AS cat,
               sum(n_families)::bigint AS n_families,
               sum(n_persons)::bigint AS n_persons,
               mod(mod(sum(key_families), 4294967296) + 4294967296, 4294967296)::bigint AS ck_families,
               mod(mod(sum(key_persons), 4294967296) + 4294967296, 4294967296)::bigint AS ck_persons
          FROM pub_village v
         CROSS JOIN LATERAL (VALUES ('{StatisticsStore.National}'), (left(v.village_code, 2)), (left(v.village_code, 5)),
                                    (left(v.village_code, 8)), (v.village_code)) AS r(code)
         GROUP BY GROUPING SETS ((code, tier), (code, decile), (code));
        CREATE INDEX ON pub_cell (region_code, dim, cat);
        ANALYZE pub_cell;
        -- The release's ptable rows were written in this transaction: without statistics the planner takes each
        -- ptable for one row and loops over every cell once per ptable row (Lampung: 8.9 s instead of 0.2 s).
        ANALYZE sdc.ptable;
        """;

    // Only cells with families get noise (n >= 1 has exactly one ptable row: LEAST(n, i_max) and the
    // key interval). Every category of a region that has families is listed, so its zero cells
    // exist and publish 0; regions without any family are filled with zeros when pivoting.
    private const string PerturbSql = """
        CREATE TEMP TABLE pub_published ON COMMIT DROP AS
        WITH perturbed AS (
            SELECT c.region_code, c.dim, c.cat, c.n_families, c.n_persons,
                   c.n_families + pf.v AS p_families, c.n_persons + pp.v AS p_persons
              FROM pub_cell c
              JOIN sdc.ptable pf ON pf.release_id = @id AND pf.measure = 1 AND pf.i = LEAST(c.n_families, @imaxFamilies)
                                AND c.ck_families >= pf.lb AND c.ck_families < pf.ub
              JOIN sdc.ptable pp ON pp.release_id = @id AND pp.measure = 2 AND pp.i = LEAST(c.n_persons, @imaxPersons)
                                AND c.ck_persons >= pp.lb AND c.ck_persons < pp.ub
        ), categories (dim, cat) AS (
            SELECT 't', generate_series(1, 4)::smallint
            UNION ALL SELECT 'd', generate_series(1, 10)::smallint
            UNION ALL SELECT 'a', 0::smallint
        )
        SELECT r.region_code, k.dim, k.cat,
               COALESCE(p.n_families, 0) AS n_families, COALESCE(p.n_persons, 0) AS n_persons,
               COALESCE(p.p_families, 0) AS p_families, COALESCE(p.p_persons, 0) AS p_persons
          FROM (SELECT DISTINCT region_code FROM pub_cell) r
         CROSS JOIN categories k
          LEFT JOIN perturbed p ON p.region_code = r.region_code AND p.dim = k.dim AND p.cat = k.cat
        """;

    private const string PivotSql = $"""
        INSERT INTO stats.region_stat (release_id, region_code, level, parent_code, families_total, persons_total,
                                       families_by_tier, persons_by_tier, families_by_decile, persons_by_decile)
        SELECT @id, g.region_code, g.level, g.parent_code,
               COALESCE(a.families_total, 0), COALESCE(a.persons_total, 0),
               COALESCE(a.families_by_tier, array_fill(0, ARRAY[4])), COALESCE(a.persons_by_tier, array_fill(0, ARRAY[4])),
               COALESCE(a.families_by_decile, array_fill(0, ARRAY[10])), COALESCE(a.persons_by_decile, array_fill(0, ARRAY[10]))
          FROM (SELECT code AS region_code, level, COALESCE(parent_code, '{StatisticsStore.National}') AS parent_code FROM region
                UNION ALL SELECT '{StatisticsStore.National}', {RegionLevelSql.National}::smallint, NULL) g
          LEFT JOIN (
                SELECT region_code,
                       max(p_families) FILTER (WHERE dim = '{CellDimension.All}') AS families_total,
                       max(p_persons) FILTER (WHERE dim = '{CellDimension.All}') AS persons_total,
                       array_agg(p_families ORDER BY cat) FILTER (WHERE dim = '{CellDimension.Tier}') AS families_by_tier,
                       array_agg(p_persons ORDER BY cat) FILTER (WHERE dim = '{CellDimension.Tier}') AS persons_by_tier,
                       array_agg(p_families ORDER BY cat) FILTER (WHERE dim = '{CellDimension.Decile}') AS families_by_decile,
                       array_agg(p_persons ORDER BY cat) FILTER (WHERE dim = '{CellDimension.Decile}') AS persons_by_decile
                  FROM pub_published
                 GROUP BY region_code) a ON a.region_code = g.region_code
        """;

    // The release-level statement (share of cells changed, mean absolute change) is an aggregate
    // over every cell of the regions that have families (zero cells there included); the checksum lets later start-ups prove the published values never changed.
    private const string FinishSql = $"""
        UPDATE stats.release SET is_current = false WHERE @makeCurrent AND is_current AND id <> @id;
        WITH metrics AS (
            SELECT avg((p_families <> n_families)::int) AS f_share, avg(abs(p_families - n_families)) AS f_mean,
                   avg((p_persons <> n_persons)::int) AS p_share, avg(abs(p_persons - n_persons)) AS p_mean
              FROM pub_published
        ), checksum AS (
            SELECT {ReleaseChecksum.Aggregate} AS value FROM stats.region_stat WHERE release_id = @id
        )
        UPDATE stats.release r
           SET status = '{ReleaseStatus.Published}', published_at = now(), is_current = r.is_current OR @makeCurrent,
               families_cells_changed_share = m.f_share, families_mean_abs_change = m.f_mean,
               persons_cells_changed_share = m.p_share, persons_mean_abs_change = m.p_mean,
               checksum = c.value
          FROM metrics m, checksum c
         WHERE r.id = @id
        """;
}

public sealed class PublishException(string message) : Exception(message);
