using Dapper;
using Npgsql;
using NpgsqlTypes;
using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Pipeline.Publishing;

/// <summary>
/// The cell key method with the coherence rule, in SQL: from the cells of temp table <c>pub_cell</c> (true counts, cell
/// keys and zero key per cell, CellAggregation) to the published values of temp table <c>pub_published</c>. The release's perturbation
/// rows and zero thresholds are written first, in the same transaction; nothing here leaves the database.
/// </summary>
internal static class CellPerturbation
{
    public static async Task PerturbAsync(NpgsqlConnection connection, int releaseId, DisclosureSettings settings, CancellationToken ct)
    {
        var families = settings.FamiliesParameters();
        var persons = settings.PersonsParameters();
        var perturbation = CoherentPerturbation.Generate(families, persons);
        await WriteAsync(connection, releaseId, perturbation, ct);
        // Written in this transaction: without statistics the planner takes the thresholds for one row.
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE sdc.zero_threshold", cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(NoiseSql, new { id = releaseId }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(PerturbSql, new
        {
            id = releaseId,
            imaxFamilies = families.MaxRowIndex,
            imaxPersons = persons.MaxRowIndex,
            coupledFamilies = perturbation.CoupledFamilies,
            coupledPersons = perturbation.CoupledPersons,
        }, commandTimeout: 0, cancellationToken: ct));
    }

    private static async Task WriteAsync(NpgsqlConnection connection, int releaseId, CoherentPerturbation perturbation, CancellationToken ct)
    {
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY sdc.ptable (release_id, measure, i, pair_families, pair_persons, v, p, lb, ub) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in perturbation.Rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(releaseId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Measure, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(row.I, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)row.PairFamilies, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync((short)row.PairPersons, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(row.Noise, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Probability, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(row.LowerBound, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.UpperBound, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY sdc.zero_threshold (release_id, families, persons, bound) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var threshold in perturbation.ZeroThresholds)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(releaseId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)threshold.Families, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync((short)threshold.Persons, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(threshold.Bound, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    // The ptable as one row per count and pair, its intervals' lower bounds in order: a cell finds its noise by an
    // equality join and a binary search (width_bucket) of its cell key. A join on the ptable's intervals was planned
    // on the pair columns only, which the planner cannot estimate, and compared every cell with every row of its
    // pair: 780 M comparisons, 62 s of a Lampung publish with custom tables; probing the primary key per cell took
    // 1.5 s; this takes a fraction of that.
    private const string NoiseSql = """
        CREATE TEMP TABLE pub_noise ON COMMIT DROP AS
        SELECT measure, i, pair_families, pair_persons, array_agg(lb ORDER BY lb) AS lbs, array_agg(v ORDER BY lb) AS vs
          FROM sdc.ptable
         WHERE release_id = @id
         GROUP BY measure, i, pair_families, pair_persons;
        ANALYZE pub_noise
        """;

    // Rule 7 (CoherentPerturbation): a cell whose counts may be 0 in both measures (families <= D of families, persons
    // <= D of persons) is 0 in both when its zero key is below its pair's threshold; otherwise each measure draws its
    // value from its own cell key in the rows of its count and pair, (0, 0) for cells that are never 0. Only cells with
    // families are here (a cell without any publishes 0); each has one value, whatever table it is read in.
    internal const string PerturbSql = $"""
        CREATE TEMP TABLE pub_published ON COMMIT DROP AS
        WITH paired AS (
            SELECT c.*,
                   CASE WHEN c.n_families <= @coupledFamilies AND c.n_persons <= @coupledPersons THEN c.n_families ELSE 0 END AS pair_families,
                   CASE WHEN c.n_families <= @coupledFamilies AND c.n_persons <= @coupledPersons THEN c.n_persons ELSE 0 END AS pair_persons
              FROM pub_cell c
        )
        SELECT c.region_code, c.variables, c.tier, c.decile, c.head_sex, c.head_age_group, c.disability, c.family_size,
               c.n_families, c.n_persons,
               CASE WHEN c.zero_key < z.bound THEN 0 ELSE c.n_families + pf.vs[width_bucket(c.ck_families, pf.lbs)] END AS p_families,
               CASE WHEN c.zero_key < z.bound THEN 0 ELSE c.n_persons + pp.vs[width_bucket(c.ck_persons, pp.lbs)] END AS p_persons
          FROM paired c
          LEFT JOIN sdc.zero_threshold z ON z.release_id = @id AND z.families = c.pair_families AND z.persons = c.pair_persons
          JOIN pub_noise pf ON pf.measure = {MeasureCodeSql.Families} AND pf.i = LEAST(c.n_families, @imaxFamilies)
                           AND pf.pair_families = c.pair_families AND pf.pair_persons = c.pair_persons
          JOIN pub_noise pp ON pp.measure = {MeasureCodeSql.Persons} AND pp.i = LEAST(c.n_persons, @imaxPersons)
                           AND pp.pair_families = c.pair_families AND pp.pair_persons = c.pair_persons;
        ANALYZE pub_published
        """;

}
