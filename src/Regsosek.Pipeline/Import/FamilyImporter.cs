using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Regsosek.Data.Statistics;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Imports a family microdata file as a new release, in one transaction: a rejected, failed, cancelled or
/// killed import leaves the database exactly as it was. The rows go into their own table
/// microdata.family_r{id}, which is attached as the release's partition only once it is complete.
/// </summary>
public static class FamilyImporter
{
    private const int CheckInterval = 1024;

    /// <summary>
    /// Creates release <see cref="ImportOptions.Release"/> (status 'imported') from the CSV at <paramref name="path"/>
    /// (gzip when it ends in ".gz"), with fresh cryptographically random record keys for every family.
    /// </summary>
    /// <param name="progress">
    /// Called synchronously on the importing thread, about every <see cref="ImportOptions.ProgressInterval"/> while
    /// reading and once per later phase; keep it quick. Cancelling from it is fine.
    /// </param>
    /// <exception cref="ImportRejectedException">Too many bad rows (or a wrong header, or bad quoting); the report says which.</exception>
    /// <exception cref="ImportException">Unreadable file, invalid or existing release name, regions not loaded, no rows left.</exception>
    public static async Task<ImportResult> ImportAsync(
        NpgsqlDataSource db, string path, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();

        // The header is checked before touching the database: a wrong file costs nothing.
        using var file = FamilyCsvFile.Open(path);
        if (file.HeaderError is { } header)
        {
            throw new ImportRejectedException($"import rejected, nothing imported: {header.Message}",
                new ImportReport([header], new Dictionary<ImportErrorReason, long> { [header.Reason] = 1 }));
        }
        using var rejects = options.MaxErrors > 0 ? new RejectFile(options.RejectFile ?? path + ".rejects.csv") : null;
        var errors = new ImportErrorLog(options.MaxErrors, rejects);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, TakeTurnSql, ct);
        var releaseId = await CreateReleaseAsync(connection, options, ct);
        await ExecuteAsync(connection, ForRelease(CreatePartitionSql, releaseId), ct);
        var villages = await VillageCodes.ListAsync(connection, within: null, ct);
        var parser = new FamilyRowParser(new HashSet<string>(villages, StringComparer.Ordinal));

        CopyCounts copied;
        using (var registry = await RecordKeyRegistry.OpenAsync(db, ct))
        using (var copy = BinaryCopyWriter.Begin(connection, ForRelease(CopySql, releaseId)))
        {
            copied = CopyRows(copy, file, parser, registry, errors, releaseId, options.ProgressInterval, progress, clock, ct);
            progress?.Report(new ImportProgress(ImportPhase.Reading, file.RowsRead, clock.Elapsed));
            if (file.FatalError is { } fatal)
            {
                errors.Add(fatal);
                throw new ImportRejectedException(
                    $"import rejected, nothing imported: line {fatal.Line} is malformed ({fatal.Message}); reading stopped there",
                    errors.Report());
            }
            copy.Complete();
        }

        progress?.Report(new ImportProgress(ImportPhase.CheckingKeys, file.RowsRead, clock.Elapsed));
        var duplicates = await AddPrimaryKeyAsync(connection, tx, releaseId, errors, ct);
        if (errors.TooMany)
        {
            throw new ImportRejectedException(
                $"import rejected, nothing imported: {errors.Total} bad rows, at most {options.MaxErrors} allowed", errors.Report());
        }
        if (duplicates.Count > 0)
        {
            await DeleteLinesAsync(connection, releaseId, duplicates, ct);
            await ExecuteAsync(connection, ForRelease(AddPrimaryKeySql, releaseId), ct);
        }
        var rows = copied.Rows - duplicates.Count;
        if (rows == 0) throw new ImportException($"{path} has no rows to import");

        if (options.Coverage is { } coverage)
        {
            await CheckCoverageAsync(connection, releaseId, coverage, ct);
        }

        progress?.Report(new ImportProgress(ImportPhase.RegisteringKeys, file.RowsRead, clock.Elapsed));
        if (copied.Unresolved > 0)
        {
            await ExecuteAsync(connection, ForRelease(ResolveKeysSql, releaseId), ct);
        }
        var inBulk = RecordKeyRegistry.LoadsInBulk(copied.New + copied.Unresolved, await RegisteredKeysAsync(connection, ct));
        await ExecuteAsync(connection, ForRelease(inBulk ? RegisterKeysInBulkSql : RegisterKeysSql, releaseId), ct);
        progress?.Report(new ImportProgress(ImportPhase.Attaching, file.RowsRead, clock.Elapsed));
        await ExecuteAsync(connection, ForRelease(AttachSql, releaseId), ct);
        rejects?.Complete();
        // Not cancellable: once COMMIT is sent, whether it happened must not depend on a race with the token.
        await tx.CommitAsync(CancellationToken.None);
        rejects?.Commit();

        return new ImportResult(releaseId, options.Release, rows, errors.Total, rejects is { Rows: > 0 } ? rejects.Path : null,
            errors.Report(), clock.Elapsed);
    }

    private const int CoverageErrorsShown = 10;

    private const string UnknownCoverageSql = """
        SELECT c FROM unnest(@codes::text[]) AS c WHERE NOT EXISTS (SELECT FROM region r WHERE r.code = c) ORDER BY c
        """;

    // A village is inside the coverage when it, or one of the regions above it, is a covered code.
    private const string OutsideCoverageSql = """
        SELECT line_no, village_code, count(*) OVER () AS total
          FROM microdata.family_r{id}
         WHERE NOT (village_code = ANY(@codes) OR left(village_code, 8) = ANY(@codes) OR left(village_code, 5) = ANY(@codes)
                    OR left(village_code, 2) = ANY(@codes))
         ORDER BY line_no
         LIMIT @shown
        """;

    private const string StoreCoverageSql = "UPDATE stats.release SET coverage = @codes WHERE id = @id";

    /// <summary>
    /// A declared coverage names loaded regions, and every family lives inside it; else the import fails (nothing is
    /// loaded: the transaction is rolled back) naming the unknown codes or the first lines outside it.
    /// </summary>
    private static async Task CheckCoverageAsync(NpgsqlConnection connection, int releaseId, IReadOnlyList<string> coverage, CancellationToken ct)
    {
        var codes = coverage.ToArray();
        var unknown = new List<string>();
        await using (var command = new NpgsqlCommand(UnknownCoverageSql, connection))
        {
            command.Parameters.AddWithValue("codes", codes);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) unknown.Add(reader.GetString(0));
        }
        if (unknown.Count > 0)
        {
            throw new ImportException($"coverage names regions that are not loaded: {string.Join(", ", unknown)}; nothing imported");
        }
        var outside = new List<string>();
        long total = 0;
        await using (var command = new NpgsqlCommand(ForRelease(OutsideCoverageSql, releaseId), connection) { CommandTimeout = 0 })
        {
            command.Parameters.AddWithValue("codes", codes);
            command.Parameters.AddWithValue("shown", CoverageErrorsShown);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                outside.Add(string.Create(CultureInfo.InvariantCulture, $"line {reader.GetInt32(0)}: {reader.GetString(1)}"));
                total = reader.GetInt64(2);
            }
        }
        if (total > 0)
        {
            throw new ImportException(string.Create(CultureInfo.InvariantCulture,
                $"{total} families live outside the declared coverage ({string.Join(",", codes)}); nothing imported. " +
                $"{(total > outside.Count ? $"The first {outside.Count}" : "They")}: {string.Join("; ", outside)}"));
        }
        await using var store = new NpgsqlCommand(StoreCoverageSql, connection);
        store.Parameters.AddWithValue("codes", codes);
        store.Parameters.AddWithValue("id", releaseId);
        await store.ExecuteNonQueryAsync(ct);
    }

    // Imports take turns (until commit), because each reads the record-key registry and then adds to it: run side by
    // side, two imports of one new family would each draw it a key. Taken first, before any other lock, so that
    // waiting for it cannot deadlock with the locks an import takes later (ATTACH PARTITION, the release row).
    private const string TakeTurnSql = "SELECT pg_advisory_xact_lock(hashtext('regsosek.import'))";

    private const string CreateReleaseSql = $"""
        INSERT INTO stats.release (name, reference_period, description, status, region_package, region_version)
        SELECT @name, @referencePeriod, @description, '{ReleaseStatus.Imported}', package, version FROM region_source
        RETURNING id
        """;

    private static async Task<int> CreateReleaseAsync(NpgsqlConnection connection, ImportOptions options, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CreateReleaseSql, connection);
        command.Parameters.AddWithValue("name", options.Release);
        command.Parameters.AddWithValue("referencePeriod", options.ReferencePeriod);
        command.Parameters.AddWithValue("description", options.Description);
        try
        {
            return await command.ExecuteScalarAsync(ct) as int?
                ?? throw new ImportException("regions are not loaded (region_source is empty); run `regions load` first");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ImportException($"release {options.Release} exists", e);
        }
    }

    // line_no exists only to report duplicates by line, key_status only to register keys (see KeyStatus); both are
    // dropped before the table becomes a partition.
    // The CHECK matches the partition bound, so ATTACH PARTITION skips its validation scan.
    private const string CreatePartitionSql = """
        CREATE TABLE microdata.family_r{id} (
            LIKE microdata.family INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
            line_no integer NOT NULL,
            key_status smallint NOT NULL,
            CONSTRAINT family_r{id}_release_check CHECK (release_id = {id})
        )
        """;

    // FREEZE is allowed because the table was created in this transaction, and safe because nobody else can
    // see it before commit; it spares the first reader from setting hint bits on every row.
    private const string CopySql = """
        COPY microdata.family_r{id} (release_id, family_key, village_code, tier, decile, members, head_sex,
                                     head_age_group, disability, rkey, pkey_sum, line_no, key_status)
        FROM STDIN (FORMAT BINARY, FREEZE)
        """;

    private const short CopyFields = 13;

    private readonly record struct CopyCounts(long Rows, long New, long Unresolved);

    private static CopyCounts CopyRows(BinaryCopyWriter copy, FamilyCsvFile file, FamilyRowParser parser, RecordKeyRegistry registry,
        ImportErrorLog errors, int releaseId, TimeSpan progressInterval, IProgress<ImportProgress>? progress, Stopwatch clock, CancellationToken ct)
    {
        var keys = new RecordKeys();
        var nextReport = progressInterval;
        long copied = 0, fresh = 0, unresolved = 0;
        var ascending = true;
        var previousKey = long.MinValue;
        while (file.Read())
        {
            TakeSkipped(file, errors);
            if (file.RowsRead % CheckInterval == 0)
            {
                ct.ThrowIfCancellationRequested();
                if (progress is not null && clock.Elapsed >= nextReport)
                {
                    progress.Report(new ImportProgress(ImportPhase.Reading, file.RowsRead, clock.Elapsed));
                    nextReport = clock.Elapsed + progressInterval;
                }
            }
            if (parser.Parse(file, out var row) is { } error)
            {
                file.CountLineBreaks();
                errors.Add(error, errors.WantsFields ? file.RawFields() : null);
                continue;
            }
            if (file.Line > int.MaxValue) throw new ImportException($"the file has more than {int.MaxValue} lines");

            copy.StartRow(CopyFields);
            copy.Int32Field(releaseId);
            copy.Int64Field(row.FamilyKey);
            copy.TextField(row.VillageCode);
            copy.Int16Field(row.Tier);
            copy.Int16Field(row.Decile);
            copy.Int16Field(row.Members);
            copy.CharField(row.HeadSex);
            copy.Int16Field(row.HeadAgeGroup);
            copy.BooleanField(row.Disability);
            // A repeated key is a duplicate (reported after the copy), not a reason to stop merging with the registry.
            ascending &= row.FamilyKey >= previousKey;
            var status = KeyStatus.Unresolved;
            var (rkey, pkeySum) = (keys.NextRecordKey(), keys.NextPersonKeySum(row.Members));
            if (ascending && row.FamilyKey > previousKey)
            {
                status = KeyStatus.New;
                if (registry.TryFind(row.FamilyKey, out var registeredRkey, out var registeredMembers, out var registeredPkeySum))
                {
                    rkey = registeredRkey;
                    status = registeredMembers == row.Members ? KeyStatus.Known : KeyStatus.Resized;
                    if (status == KeyStatus.Known) pkeySum = registeredPkeySum;
                }
                previousKey = row.FamilyKey;
            }
            if (status == KeyStatus.Unresolved) unresolved++;
            if (status == KeyStatus.New) fresh++;
            copy.Int32Field(rkey);
            copy.Int32Field(pkeySum);
            copy.Int32Field((int)file.Line);
            copy.Int16Field((short)status);
            copied++;
        }
        TakeSkipped(file, errors);
        return new CopyCounts(copied, fresh, unresolved);
    }

    private static void TakeSkipped(FamilyCsvFile file, ImportErrorLog errors)
    {
        while (file.TryTakeSkipped(out var skipped)) errors.Add(skipped);
    }

    // A family seen in an earlier release (same family_key) keeps its record key, and its person keys while its size
    // is unchanged, so cells whose families did not change keep their published values. Keys of families read in
    // ascending order were settled during the copy (RecordKeyRegistry); the rest are looked up here, with statistics
    // first so the join is a hash join, not a nested loop over an unanalysed table.
    private const string ResolveKeysSql = $$"""
        ANALYZE microdata.family_r{id};
        UPDATE microdata.family_r{id} f
           SET rkey = k.rkey,
               pkey_sum = CASE WHEN k.members = f.members THEN k.pkey_sum ELSE f.pkey_sum END,
               key_status = CASE WHEN k.members = f.members THEN {{KeyStatusSql.Known}} ELSE {{KeyStatusSql.Resized}} END
          FROM microdata.record_key k
         WHERE f.key_status = {{KeyStatusSql.Unresolved}} AND k.family_key = f.family_key;
        """;

    // A family whose size changed is a new set of persons: the registry takes the fresh person keys drawn for it.
    // New families (and unresolved ones the registry did not know) enter it with their fresh keys.
    private const string ResizedKeysSql = $$"""
        UPDATE microdata.record_key k SET members = f.members, pkey_sum = f.pkey_sum
          FROM microdata.family_r{id} f
         WHERE f.key_status = {{KeyStatusSql.Resized}} AND k.family_key = f.family_key;
        """;

    private const string NewKeysSql = $$"""
        INSERT INTO microdata.record_key (family_key, rkey, members, pkey_sum, first_release_id)
        SELECT family_key, rkey, members, pkey_sum, {id} FROM microdata.family_r{id}
         WHERE key_status IN ({{KeyStatusSql.New}}, {{KeyStatusSql.Unresolved}})
        """;

    // In key order, so that the primary key's pages fill one after another.
    private const string RegisterKeysSql = $"""
        {ResizedKeysSql}
        {NewKeysSql}
         ORDER BY family_key;
        """;

    // The registry's primary key is dropped and built again around the insert (RecordKeyRegistry.LoadsInBulk says when).
    // The exclusive lock this takes on the registry until commit blocks no one: only imports use the registry, and
    // they take turns. A failed import rolls the drop back with everything else.
    private const string RegisterKeysInBulkSql = $"""
        {ResizedKeysSql}
        ALTER TABLE microdata.record_key DROP CONSTRAINT record_key_pkey;
        {NewKeysSql};
        ALTER TABLE microdata.record_key ADD CONSTRAINT record_key_pkey PRIMARY KEY (family_key);
        """;

    // The planner's row count of the registry (exact after the key is built, as a bulk load does), or 0 when it was never
    // counted and is empty; null when it was never counted and is not empty, and is then taken as large.
    private const string RegisteredKeysSql = """
        SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint
                    WHEN NOT EXISTS (SELECT FROM microdata.record_key) THEN 0 END
          FROM pg_class c
         WHERE c.oid = 'microdata.record_key'::regclass
        """;

    private static async Task<long?> RegisteredKeysAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(RegisteredKeysSql, connection);
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    private const string AddPrimaryKeySql = """
        ALTER TABLE microdata.family_r{id} ADD CONSTRAINT family_r{id}_pkey PRIMARY KEY (release_id, family_key)
        """;

    // The earliest line of each family key is kept; every later one is an error.
    private const string DuplicatesSql = """
        SELECT f.line_no, f.family_key, d.first_line, f.village_code, f.tier, f.decile, f.members, f.head_sex,
               f.head_age_group, f.disability
          FROM (SELECT family_key, min(line_no) AS first_line
                  FROM microdata.family_r{id} GROUP BY family_key HAVING count(*) > 1) d
          JOIN microdata.family_r{id} f USING (family_key)
         WHERE f.line_no > d.first_line
         ORDER BY f.line_no
        """;

    /// <summary>
    /// Building the primary key is the duplicate check: it costs nothing extra when the keys are unique,
    /// and only a failure pays for the query that finds the duplicates. Returns the duplicates' lines while
    /// they could still be quarantined (once there are too many, only the report needs them).
    /// </summary>
    private static async Task<List<int>> AddPrimaryKeyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, int releaseId, ImportErrorLog errors, CancellationToken ct)
    {
        await tx.SaveAsync("primary_key", ct);
        try
        {
            await ExecuteAsync(connection, ForRelease(AddPrimaryKeySql, releaseId), ct);
            await tx.ReleaseAsync("primary_key", ct);
            return [];
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync("primary_key", ct);
        }

        var duplicates = new List<int>();
        await using var command = new NpgsqlCommand(ForRelease(DuplicatesSql, releaseId), connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!errors.TooMany) duplicates.Add(reader.GetInt32(0));
            var familyKey = reader.GetInt64(1);
            var error = new ImportError(reader.GetInt32(0), FamilyCsvFile.Columns[0], ImportErrorReason.DuplicateFamilyKey,
                $"family_key {familyKey} is already on line {reader.GetInt32(2)}");
            errors.Add(error, errors.WantsFields ? StoredFields(reader, familyKey) : null);
        }
        return duplicates;
    }

    // The row as stored, written back in the file's vocabulary (leading zeros or quoting of the original are not kept).
    private static string[] StoredFields(NpgsqlDataReader reader, long familyKey) =>
    [
        familyKey.ToString(CultureInfo.InvariantCulture),
        reader.GetString(3),
        FamilyDomain.Tiers[reader.GetInt16(4) - 1],
        reader.GetInt16(5).ToString(CultureInfo.InvariantCulture),
        reader.GetInt16(6).ToString(CultureInfo.InvariantCulture),
        reader.GetChar(7).ToString(),
        FamilyDomain.HeadAgeGroups[reader.GetInt16(8) - 1],
        reader.GetBoolean(9) ? "1" : "0",
    ];

    private const string DeleteLinesSql = """
        DELETE FROM microdata.family_r{id} f USING unnest(@lines) AS d (line_no) WHERE f.line_no = d.line_no
        """;

    private static async Task DeleteLinesAsync(NpgsqlConnection connection, int releaseId, List<int> lines, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ForRelease(DeleteLinesSql, releaseId), connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("lines", lines.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    // ATTACH reuses the primary key index and validates the foreign keys to stats.release and region in one
    // pass; ANALYZE gives the publish step, which usually follows at once, statistics for the new partition.
    private const string AttachSql = """
        ALTER TABLE microdata.family_r{id} DROP COLUMN line_no, DROP COLUMN key_status;
        ALTER TABLE microdata.family ATTACH PARTITION microdata.family_r{id} FOR VALUES IN ({id});
        ALTER TABLE microdata.family_r{id} DROP CONSTRAINT family_r{id}_release_check;
        ANALYZE microdata.family_r{id};
        """;

    // DDL takes no parameters; the id comes from the identity column, never from input.
    private static string ForRelease(string sql, int releaseId) => sql.Replace("{id}", releaseId.ToString(CultureInfo.InvariantCulture));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }
}
