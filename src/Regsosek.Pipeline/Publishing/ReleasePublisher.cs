using System.Diagnostics;
using Dapper;
using Npgsql;
using Regsosek.Data.Regions;
using Regsosek.Data.Statistics;
using Regsosek.Data.Tables;

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
        await Run(connection, Settings, null, ct);

        var release = await connection.QuerySingleOrDefaultAsync<ReleaseRow>(new CommandDefinition(
            LockReleaseSql, new { name = releaseName }, tx, cancellationToken: ct))
            ?? throw new PublishException($"release '{releaseName}' does not exist; import it first");
        var rebuilt = release.Status == ReleaseStatus.Published;
        if (rebuilt && !release.Coherent)
        {
            throw new PublishException($"release '{releaseName}' was published before the coherence rule; rebuilding it now would change " +
                                       "values already published. Import its microdata as a new release and publish that.");
        }

        // A rebuild reuses the parameters stored at the first publish, so the same cells keep their values.
        var storedJson = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT parameters::text FROM sdc.release_parameters WHERE release_id = @id", new { id = release.Id }, tx, cancellationToken: ct));
        var settings = storedJson is null ? defaults.ForFirstPublish() : DisclosureSettings.ParseStored(storedJson);
        if (storedJson is null)
        {
            await Run(connection, "INSERT INTO sdc.release_parameters (release_id, parameters) VALUES (@id, @json::jsonb)",
                new { id = release.Id, json = settings.ToJson() }, ct);
        }
        await Run(connection, ClearSql, new { id = release.Id }, ct);

        log.WriteLine($"publish: aggregating release '{releaseName}'");
        var limits = settings.CustomTables?.MaxVariables;
        await CellAggregation.AggregateAsync(db, connection, release.Id, limits, Settings,
            pass => log.WriteLine($"publish: aggregating: {pass} ({clock.Elapsed.TotalSeconds:F1} s)"), ct);
        log.WriteLine($"publish: perturbing every cell ({clock.Elapsed.TotalSeconds:F1} s)");
        await CellPerturbation.PerturbAsync(connection, release.Id, settings, ct);
        log.WriteLine($"publish: storing ({clock.Elapsed.TotalSeconds:F1} s)");
        // First, while this transaction holds no more than row locks on stats.release: attaching a partition takes SHARE
        // ROW EXCLUSIVE on it (the release foreign key), as an import's attach does. After this transaction's own
        // UPDATE of the release, that wait and an import's (which inserted its release row) deadlocked.
        if (limits is not null)
        {
            await StoreTableCellsAsync(connection, release.Id, ct);
        }
        await Run(connection, FixedCellsSql, null, ct);
        await Run(connection, CoverageSql, new { id = release.Id }, ct);
        var regions = await connection.ExecuteAsync(new CommandDefinition(PivotSql, new { id = release.Id }, tx, commandTimeout: 0, cancellationToken: ct));
        await Run(connection, FinishSql, new { id = release.Id, makeCurrent, limits = settings.TableLimitsJson() }, ct);
        // After the release row is finished (in this transaction, unseen until commit): the xlsx files' release sheet
        // states its publication time and the measured effect of the noise, as the release resource does.
        log.WriteLine($"publish: writing the release's bulk files ({clock.Elapsed.TotalSeconds:F1} s)");
        await ReleaseFiles.WriteAsync(connection, release.Id, ct);
        // Fresh statistics become visible with the rows: without them the API's lookups by code are planned on a
        // guess (a scan of every region) until autovacuum gets round to the table.
        await Run(connection, "ANALYZE stats.region_stat", null, ct);
        await tx.CommitAsync(ct);
        var result = new PublishResult(release.Id, releaseName, regions, clock.Elapsed, rebuilt);
        log.WriteLine($"publish: release '{releaseName}' {(makeCurrent ? "is current" : "is staged")}: {regions:N0} regions in {clock.Elapsed.TotalSeconds:F1} s{(rebuilt ? " (rebuilt)" : "")}");
        return result;
    }

    private static Task Run(NpgsqlConnection connection, string sql, object? parameters, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: ct));

    // Each statement here runs once over a whole release: compiling it (JIT) costs more than it saves (Lampung with
    // custom tables: 0.4 s of 16).
    private const string Settings = "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off";

    private sealed record ReleaseRow(int Id, string Status, bool Coherent);

    private const string LockReleaseSql = """
        SELECT id, status, coherent FROM stats.release WHERE name = @name FOR UPDATE
        """;

    private const string ClearSql = """
        DELETE FROM sdc.ptable WHERE release_id = @id;
        DELETE FROM sdc.zero_threshold WHERE release_id = @id;
        DELETE FROM stats.release_file WHERE release_id = @id;
        DELETE FROM stats.region_stat WHERE release_id = @id;
        DELETE FROM stats.table_cell WHERE release_id = @id
        """;

    // The fixed tables' cells, with the zero cells of every region that has families (pub_published holds only cells
    // with families): the tiers and deciles of stats.region_stat are the very cells of the custom tables of masks 32 and
    // 16, and its totals those of mask 0, so /tiers, /deciles and tables by tier agree by construction. Only those three
    // tables are joined: joining every custom cell cost 0.4 s of Lampung's publish.
    private const string FixedCellsSql = $"""
        CREATE TEMP TABLE pub_fixed ON COMMIT DROP AS
        SELECT r.region_code, k.dim, k.cat,
               COALESCE(p.n_families, 0) AS n_families, COALESCE(p.n_persons, 0) AS n_persons,
               COALESCE(p.p_families, 0) AS p_families, COALESCE(p.p_persons, 0) AS p_persons
          FROM (SELECT region_code FROM pub_published WHERE variables = {CellDimension.All}) r
         CROSS JOIN (SELECT {CellDimension.Tier}::smallint, generate_series(1, 4)::smallint
                     UNION ALL SELECT {CellDimension.Decile}::smallint, generate_series(1, 10)::smallint
                     UNION ALL SELECT {CellDimension.All}::smallint, 0::smallint) AS k(dim, cat)
          LEFT JOIN (SELECT * FROM pub_published
                      WHERE variables IN ({CellDimension.Tier}, {CellDimension.Decile}, {CellDimension.All})) p
                 ON p.region_code = r.region_code AND p.variables = k.dim
                AND p.tier = CASE WHEN k.dim = {CellDimension.Tier} THEN k.cat ELSE 0 END
                AND p.decile = CASE WHEN k.dim = {CellDimension.Decile} THEN k.cat ELSE 0 END
        """;

    // Only cells published non-zero are stored: an absent cell of a table the level allows was published as 0. A first
    // publish writes the release's partition (db/migrations/0012) as a table of its own, indexes it once it is full and
    // attaches it: the CHECK matches the partition bound, so ATTACH skips its validation scan, and it blocks no reader.
    // A rebuild refills the partition it has (ClearSql emptied it).
    private static async Task StoreTableCellsAsync(NpgsqlConnection connection, int releaseId, CancellationToken ct)
    {
        var partition = $"stats.table_cell_r{releaseId}";
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@partition) IS NOT NULL", new { partition }, cancellationToken: ct));
        var sql = exists
            ? $"{InsertTableCellsSql("stats.table_cell")}; ANALYZE {partition}"
            : $"""
              CREATE TABLE {partition} (LIKE stats.table_cell INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
              {InsertTableCellsSql(partition)};
              ALTER TABLE {partition}
                  ADD PRIMARY KEY (release_id, variables, region_code, tier, decile, head_sex, head_age_group, disability, family_size),
                  ADD CHECK (release_id = {releaseId});
              ALTER TABLE stats.table_cell ATTACH PARTITION {partition} FOR VALUES IN ({releaseId});
              ANALYZE {partition}
              """;
        await Run(connection, sql, new { id = releaseId }, ct);
    }

    private static string InsertTableCellsSql(string table) => $"""
        INSERT INTO {table} (release_id, region_code, variables, tier, decile, head_sex, head_age_group, disability,
                             family_size, families, persons)
        SELECT @id, region_code, variables, tier, decile, head_sex, head_age_group, disability, family_size, p_families, p_persons
          FROM pub_published
         WHERE p_families > 0
        """;

    // Coverage (docs/domain.md): the codes declared at import, or by default every province with a family, stored with
    // the release so the API never guesses. Per region, from its villages: 2 (full) when every village below it is
    // covered, 1 (partial) when some are, 0 (none) when none is; a village is covered when it, or a region above it, is
    // a covered code. A region without villages is full when it lies within a covered code, else none. Every family
    // lies in a covered village (the importer checks a declared coverage; the default is made from the families, through
    // the provinces' partials: a second scan of the families cost 0.6 s of Lampung's 8.5 s publish).
    private const string CoverageSql = $"""
        UPDATE stats.release r
           SET coverage = (SELECT array_agg(DISTINCT region_code ORDER BY region_code) FROM {CellAggregation.ProvincePartials})
         WHERE r.id = @id AND r.coverage IS NULL;
        CREATE TEMP TABLE pub_coverage ON COMMIT DROP AS
        WITH covered AS (SELECT coverage AS codes FROM stats.release WHERE id = @id),
        village AS (
            SELECT v.code, (v.code = ANY(c.codes) OR left(v.code, 8) = ANY(c.codes) OR left(v.code, 5) = ANY(c.codes)
                            OR left(v.code, 2) = ANY(c.codes)) AS covered
              FROM region v, covered c
             WHERE v.level = {RegionLevelSql.Village}
        ), rolled AS (
            SELECT code AS region_code, bool_and(covered) AS every, bool_or(covered) AS some FROM village GROUP BY 1
            UNION ALL SELECT left(code, 8), bool_and(covered), bool_or(covered) FROM village GROUP BY 1
            UNION ALL SELECT left(code, 5), bool_and(covered), bool_or(covered) FROM village GROUP BY 1
            UNION ALL SELECT left(code, 2), bool_and(covered), bool_or(covered) FROM village GROUP BY 1
            UNION ALL SELECT '{StatisticsStore.National}', bool_and(covered), bool_or(covered) FROM village
        )
        SELECT g.code AS region_code,
               (CASE WHEN g.code = ANY(c.codes) OR left(g.code, 8) = ANY(c.codes) OR left(g.code, 5) = ANY(c.codes)
                          OR left(g.code, 2) = ANY(c.codes) OR r.every THEN 2
                     WHEN r.some THEN 1 ELSE 0 END)::smallint AS coverage
          FROM (SELECT code FROM region UNION ALL SELECT '{StatisticsStore.National}') g
          CROSS JOIN covered c
          LEFT JOIN rolled r ON r.region_code = g.code;
        ANALYZE pub_coverage
        """;

    // Regions not covered get null counts (never 0); covered ones get their published counts, 0 where no family lives.
    private const string PivotSql = $"""
        INSERT INTO stats.region_stat (release_id, region_code, level, parent_code, coverage, families_total, persons_total,
                                       families_by_tier, persons_by_tier, families_by_decile, persons_by_decile)
        SELECT @id, g.region_code, g.level, g.parent_code, v.coverage,
               CASE WHEN v.coverage > 0 THEN COALESCE(a.families_total, 0) END,
               CASE WHEN v.coverage > 0 THEN COALESCE(a.persons_total, 0) END,
               CASE WHEN v.coverage > 0 THEN COALESCE(a.families_by_tier, array_fill(0, ARRAY[4])) END,
               CASE WHEN v.coverage > 0 THEN COALESCE(a.persons_by_tier, array_fill(0, ARRAY[4])) END,
               CASE WHEN v.coverage > 0 THEN COALESCE(a.families_by_decile, array_fill(0, ARRAY[10])) END,
               CASE WHEN v.coverage > 0 THEN COALESCE(a.persons_by_decile, array_fill(0, ARRAY[10])) END
          FROM (SELECT code AS region_code, level, COALESCE(parent_code, '{StatisticsStore.National}') AS parent_code FROM region
                UNION ALL SELECT '{StatisticsStore.National}', {RegionLevelSql.National}::smallint, NULL) g
          JOIN pub_coverage v ON v.region_code = g.region_code
          LEFT JOIN (
                SELECT region_code,
                       max(p_families) FILTER (WHERE dim = {CellDimension.All}) AS families_total,
                       max(p_persons) FILTER (WHERE dim = {CellDimension.All}) AS persons_total,
                       array_agg(p_families ORDER BY cat) FILTER (WHERE dim = {CellDimension.Tier}) AS families_by_tier,
                       array_agg(p_persons ORDER BY cat) FILTER (WHERE dim = {CellDimension.Tier}) AS persons_by_tier,
                       array_agg(p_families ORDER BY cat) FILTER (WHERE dim = {CellDimension.Decile}) AS families_by_decile,
                       array_agg(p_persons ORDER BY cat) FILTER (WHERE dim = {CellDimension.Decile}) AS persons_by_decile
                  FROM pub_fixed
                 GROUP BY region_code) a ON a.region_code = g.region_code
        """;

    // The release-level statement (share of cells changed, mean absolute change, mean change) is an aggregate over every
    // cell of the regions that have families (zero cells there included); the mean change is what coherence leaves in
    // the mean. The checksum lets later start-ups prove the published values never changed.
    private const string FinishSql = $"""
        UPDATE stats.release SET is_current = false WHERE @makeCurrent AND is_current AND id <> @id;
        WITH metrics AS (
            SELECT avg((p_families <> n_families)::int) AS f_share, avg(abs(p_families - n_families)) AS f_mean,
                   avg(p_families - n_families) AS f_change,
                   avg((p_persons <> n_persons)::int) AS p_share, avg(abs(p_persons - n_persons)) AS p_mean,
                   avg(p_persons - n_persons) AS p_change
              FROM pub_fixed
        ), checksum AS (
            SELECT {ReleaseChecksum.Aggregate} AS value FROM stats.region_stat WHERE release_id = @id
        )
        UPDATE stats.release r
           SET status = '{ReleaseStatus.Published}', published_at = now(), is_current = r.is_current OR @makeCurrent,
               families_cells_changed_share = m.f_share, families_mean_abs_change = m.f_mean,
               persons_cells_changed_share = m.p_share, persons_mean_abs_change = m.p_mean,
               families_mean_change = m.f_change, persons_mean_change = m.p_change, coherent = true,
               checksum = c.value, table_limits = @limits::jsonb,
               table_checksum = CASE WHEN @limits IS NOT NULL THEN (SELECT {TableChecksum.Aggregate} FROM stats.table_cell WHERE release_id = @id) END
          FROM metrics m, checksum c
         WHERE r.id = @id
        """;
}

public sealed class PublishException(string message) : Exception(message);
