using System.IO.Compression;
using System.Text;
using Dapper;
using Npgsql;
using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

[Collection(ImportCollection.Name)]
public sealed class FamilyImporterTests(ImportDatabase database) : IDisposable
{
    private readonly ImportFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_valid_file_becomes_an_imported_release_with_its_own_attached_partition()
    {
        var release = ImportDatabase.NewRelease();
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 500));

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release));

        Assert.Equal((release, 500L, 0L), (result.Release, result.Rows, result.Quarantined));
        Assert.Null(result.RejectFile);
        Assert.Equal(0, result.Report.TotalErrors);
        Assert.Equal(500, await database.FamiliesAsync(result.ReleaseId));
        await using var connection = await database.Db.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Status, string Period, string Package, string Version)>(
            "SELECT status, reference_period, region_package, region_version FROM stats.release WHERE id = @id", new { id = result.ReleaseId });
        Assert.Equal(("imported", ImportOptions.DefaultReferencePeriod, "idn-area-data", "4.0.1"), row);
        var parent = await connection.ExecuteScalarAsync<string>(
            "SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid = @table::regclass", new { table = $"microdata.family_r{result.ReleaseId}" });
        Assert.Equal("microdata.family", parent);
        var columns = await connection.QueryAsync<string>("""
            SELECT attname FROM pg_attribute WHERE attrelid = @table::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, new { table = $"microdata.family_r{result.ReleaseId}" });
        Assert.Equal(["release_id", "family_key", "village_code", "tier", "decile", "members", "head_sex", "head_age_group",
            "disability", "rkey", "pkey_sum"], columns);
    }

    [Fact]
    public async Task Fields_are_stored_in_the_schema_encoding()
    {
        var village = database.Villages[3];
        var path = _files.Write([
            ImportFiles.Row(1, village, "extreme_poor", "1", "1", "F", "15-24", "1"),
            ImportFiles.Row(2, village, "poor", "4", "12", "M", "25-34", "0"),
            ImportFiles.Row(3, village, "vulnerable", "7", "30", "M", "55-64", "0"),
            ImportFiles.Row(9_000_000_000_000_000_000, village, "upper_middle", "010", "2", "F", "65+", "1"),
        ]);

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()));

        await using var connection = await database.Db.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(long, string, short, short, short, char, short, bool)>("""
            SELECT family_key, village_code, tier, decile, members, head_sex, head_age_group, disability
              FROM microdata.family WHERE release_id = @id ORDER BY family_key
            """, new { id = result.ReleaseId })).ToList();
        Assert.Equal([
            (1L, village, (short)1, (short)1, (short)1, 'F', (short)1, true),
            (2L, village, (short)2, (short)4, (short)12, 'M', (short)2, false),
            (3L, village, (short)3, (short)7, (short)30, 'M', (short)5, false),
            (9_000_000_000_000_000_000L, village, (short)4, (short)10, (short)2, 'F', (short)6, true),
        ], rows);
    }

    [Fact]
    public async Task New_families_get_fresh_uniform_random_record_keys()
    {
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 2_000, first: UnusedKeys()));

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()));

        await using var connection = await database.Db.OpenConnectionAsync();
        // Uniform over [0, 2^32) stored as int4: about half negative, mean near 2^31 once unsigned.
        var (negative, mean) = await connection.QuerySingleAsync<(double, double)>("""
            SELECT avg((rkey < 0)::int)::float8, avg(rkey::bigint & 4294967295)::float8 / 4294967296
              FROM microdata.family WHERE release_id = @id
            """, new { id = result.ReleaseId });
        Assert.InRange(negative, 0.45, 0.55);
        Assert.InRange(mean, 0.45, 0.55);
        Assert.InRange(await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT rkey) FROM microdata.family WHERE release_id = @id", new { id = result.ReleaseId }), 1_998, 2_000);
        Assert.InRange(await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT pkey_sum) FROM microdata.family WHERE release_id = @id", new { id = result.ReleaseId }), 1_998, 2_000);
    }

    /// <summary>
    /// Keys of a file whose family keys ascend are merged with the registry while reading; any other order is looked up
    /// after the copy. Both must give the same keys. "swapped" breaks the order at the second row, so nearly every row
    /// takes the second path; "reversed" descends throughout.
    /// </summary>
    [Theory]
    [InlineData("ascending")]
    [InlineData("swapped")]
    [InlineData("reversed")]
    public async Task A_family_keeps_its_record_key_in_a_later_release_and_its_person_keys_while_its_size_is_unchanged(string order)
    {
        var first = UnusedKeys();
        var earlier = await FamilyImporter.ImportAsync(database.Db,
            _files.Write(ImportFiles.ValidRows(database.Villages, 1_000, first), "earlier.csv"), new ImportOptions(ImportDatabase.NewRelease()));
        // The later release: families first+500.. again (every tenth with one member more), and 500 new ones.
        var later = ImportFiles.ValidRows(database.Villages, 1_000, first).Skip(500)
            .Select((row, i) => i % 10 == 0 ? Resize(row) : row)
            .Concat(ImportFiles.ValidRows(database.Villages, 500, first + 1_000)).ToList();
        if (order == "reversed") later.Reverse();
        if (order == "swapped") (later[0], later[1]) = (later[1], later[0]);
        var laterResult = await FamilyImporter.ImportAsync(database.Db, _files.Write(later, "later.csv"), new ImportOptions(ImportDatabase.NewRelease()));

        await using var connection = await database.Db.OpenConnectionAsync();
        var kept = await connection.QuerySingleAsync<(int Families, int SameRkey, int SameSize, int SamePkeyWhenSameSize, int SamePkeyWhenResized)>("""
            SELECT count(*)::int, count(*) FILTER (WHERE a.rkey = b.rkey)::int, count(*) FILTER (WHERE a.members = b.members)::int,
                   count(*) FILTER (WHERE a.members = b.members AND a.pkey_sum = b.pkey_sum)::int,
                   count(*) FILTER (WHERE a.members <> b.members AND a.pkey_sum = b.pkey_sum)::int
              FROM microdata.family a JOIN microdata.family b USING (family_key)
             WHERE a.release_id = @earlier AND b.release_id = @later
            """, new { earlier = earlier.ReleaseId, later = laterResult.ReleaseId });
        Assert.Equal((500, 500, 450, 450, 0), kept);
        var newKeys = await connection.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM microdata.family b
             WHERE b.release_id = @later AND b.family_key >= @newFirst
               AND EXISTS (SELECT FROM microdata.family a WHERE a.release_id = @earlier AND a.rkey = b.rkey)
            """, new { earlier = earlier.ReleaseId, later = laterResult.ReleaseId, newFirst = first + 1_000 });
        Assert.Equal(0, newKeys);
    }

    [Fact]
    public async Task New_keys_as_many_as_half_the_registry_are_loaded_in_bulk_and_the_registry_keeps_its_primary_key()
    {
        await using var connection = await database.Db.OpenConnectionAsync();
        await connection.ExecuteAsync("ANALYZE microdata.record_key");
        var registered = await connection.ExecuteScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE oid = 'microdata.record_key'::regclass");
        var count = (int)Math.Max(1_000, registered / 2 + 1);
        Assert.True(RecordKeyRegistry.LoadsInBulk(count, registered));
        // A key built again is a new index: its oid tells a bulk load from an insert into the key.
        const string primaryKeyIndexSql = "SELECT 'microdata.record_key_pkey'::regclass::oid::bigint";
        var indexBefore = await connection.ExecuteScalarAsync<long>(primaryKeyIndexSql);
        var first = UnusedKeys();

        var result = await FamilyImporter.ImportAsync(database.Db, _files.Write(ImportFiles.ValidRows(database.Villages, count, first)),
            new ImportOptions(ImportDatabase.NewRelease()));

        var registeredNow = await connection.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM microdata.family f JOIN microdata.record_key k USING (family_key, rkey, members, pkey_sum)
             WHERE f.release_id = @id AND k.first_release_id = @id
            """, new { id = result.ReleaseId });
        Assert.Equal(count, registeredNow);
        var primaryKey = await connection.ExecuteScalarAsync<string>("""
            SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'microdata.record_key'::regclass AND contype = 'p'
            """);
        Assert.Equal("PRIMARY KEY (family_key)", primaryKey);
        Assert.NotEqual(indexBefore, await connection.ExecuteScalarAsync<long>(primaryKeyIndexSql));
        var e = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO microdata.record_key (family_key, rkey, members, pkey_sum, first_release_id) VALUES (@first, 1, 1, 1, @id)",
            new { first, id = result.ReleaseId }));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    // One more member (members cycle 1..30 in ValidRows, so 30 becomes 1): the fifth field of the row.
    private static string Resize(string row)
    {
        var fields = row.Split(',');
        fields[4] = (int.Parse(fields[4]) % 30 + 1).ToString();
        return string.Join(',', fields);
    }

    // Record keys follow family keys across releases, so a test that asserts fresh keys needs family keys no other test used.
    private static long UnusedKeys() => 1_000_000_000_000L * Random.Shared.Next(1, 1_000_000);

    [Fact]
    public async Task A_gzip_file_is_decompressed_when_its_name_ends_in_gz()
    {
        var path = _files.Write(ImportFiles.Csv(ImportFiles.ValidRows(database.Villages, 300)), "families.csv.gz");

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()));

        Assert.Equal(300, result.Rows);
        Assert.Equal(300, await database.FamiliesAsync(result.ReleaseId));
    }

    [Fact]
    public async Task A_gzip_file_cut_at_a_line_boundary_is_refused_rather_than_imported_in_part()
    {
        var release = ImportDatabase.NewRelease();
        var path = Path.Combine(_files.Folder, "families.csv.gz");
        long cut;
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(ImportFiles.Csv(ImportFiles.ValidRows(database.Villages, 100))));
            // A flush ends the compressed data on a byte boundary right after a complete line.
            gzip.Flush();
            cut = file.Length;
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", ImportFiles.ValidRows(database.Villages, 100, first: 101)) + "\n"));
        }
        using (var file = File.OpenWrite(path)) file.SetLength(cut);

        var e = await Assert.ThrowsAsync<ImportException>(() => FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release)));

        Assert.Contains("gzip data ends before its stated length", e.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task A_file_named_gz_that_is_not_gzip_cannot_be_read()
    {
        var release = ImportDatabase.NewRelease();
        var path = Path.Combine(_files.Folder, "families.csv.gz");
        File.WriteAllText(path, ImportFiles.Csv(ImportFiles.ValidRows(database.Villages, 10)));

        var e = await Assert.ThrowsAsync<ImportException>(() => FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release)));

        Assert.StartsWith($"cannot read {path}", e.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task Crlf_line_ends_and_a_byte_order_mark_are_accepted()
    {
        var csv = "\uFEFF" + ImportFiles.Csv(ImportFiles.ValidRows(database.Villages, 20)).Replace("\n", "\r\n");
        var path = _files.Write(csv);

        var result = await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()));

        Assert.Equal(20, result.Rows);
    }

    [Fact]
    public async Task Description_and_reference_period_are_stored_with_the_release()
    {
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 3));
        var options = new ImportOptions(ImportDatabase.NewRelease()) { ReferencePeriod = "2025-01-01/2025-03-31", Description = "synthetic, seed 7" };

        var result = await FamilyImporter.ImportAsync(database.Db, path, options);

        await using var connection = await database.Db.OpenConnectionAsync();
        Assert.Equal(("2025-01-01/2025-03-31", "synthetic, seed 7"), await connection.QuerySingleAsync<(string, string)>(
            "SELECT reference_period, description FROM stats.release WHERE id = @id", new { id = result.ReleaseId }));
    }

    [Fact]
    public async Task An_existing_release_name_is_refused_and_the_existing_release_is_untouched()
    {
        var release = ImportDatabase.NewRelease();
        var first = await FamilyImporter.ImportAsync(database.Db, _files.Write(ImportFiles.ValidRows(database.Villages, 5)), new ImportOptions(release));
        var other = _files.Write(ImportFiles.ValidRows(database.Villages, 7), "other.csv");

        var e = await Assert.ThrowsAsync<ImportException>(() => FamilyImporter.ImportAsync(database.Db, other, new ImportOptions(release)));

        Assert.Equal($"release {release} exists", e.Message);
        Assert.Equal(5, await database.FamiliesAsync(first.ReleaseId));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-starts-with-dash")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("trailing-newline\n")]
    public async Task An_invalid_release_name_is_refused_before_anything_is_read(string release)
    {
        var e = await Assert.ThrowsAsync<ImportException>(
            () => FamilyImporter.ImportAsync(database.Db, Path.Combine(_files.Folder, "absent.csv"), new ImportOptions(release)));

        Assert.StartsWith("release name", e.Message);
    }

    [Fact]
    public async Task A_missing_file_is_one_clear_error()
    {
        var release = ImportDatabase.NewRelease();
        var path = Path.Combine(_files.Folder, "absent.csv");

        var e = await Assert.ThrowsAsync<ImportException>(() => FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(release)));

        Assert.StartsWith($"cannot read {path}", e.Message);
        await database.AssertNothingImportedAsync(release);
    }

    [Fact]
    public async Task Progress_reports_rows_read_then_each_later_phase()
    {
        var path = _files.Write(ImportFiles.ValidRows(database.Villages, 5_000));
        var reports = new List<ImportProgress>();

        await FamilyImporter.ImportAsync(database.Db, path, new ImportOptions(ImportDatabase.NewRelease()) { ProgressInterval = TimeSpan.Zero },
            new SynchronousProgress<ImportProgress>(reports.Add));

        var reading = reports.TakeWhile(r => r.Phase == ImportPhase.Reading).ToList();
        Assert.True(reading.Count >= 4, $"{reading.Count} reading reports");
        Assert.Equal(reading.Select(r => r.RowsRead).Order(), reading.Select(r => r.RowsRead));
        Assert.Equal(5_000, reading[^1].RowsRead);
        Assert.Equal([ImportPhase.CheckingKeys, ImportPhase.RegisteringKeys, ImportPhase.Attaching], reports.Skip(reading.Count).Select(r => r.Phase));
        Assert.All(reports, r => Assert.True(r.RowsPerSecond > 0));
    }

    [Fact]
    public async Task The_api_role_cannot_read_an_imported_partition()
    {
        var result = await FamilyImporter.ImportAsync(database.Db, _files.Write(ImportFiles.ValidRows(database.Villages, 3)),
            new ImportOptions(ImportDatabase.NewRelease()));

        await using var api = new NpgsqlConnection(database.Strings.Api);
        var e = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteScalarAsync<long>($"SELECT count(*) FROM microdata.family_r{result.ReleaseId}"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }
}
