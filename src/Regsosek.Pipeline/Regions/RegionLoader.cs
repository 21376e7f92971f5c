using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Regsosek.Data.Regions;
using Sylvan.Data.Csv;

namespace Regsosek.Pipeline.Regions;

public sealed record RegionLoadResult(int Provinces, int Regencies, int Districts, int Villages, TimeSpan Elapsed);

/// <summary>
/// Replaces the region table with the package's rows in one transaction: a failed or interrupted
/// load leaves the previous rows, and a repeated load changes nothing.
/// </summary>
public static class RegionLoader
{
    private static readonly (string File, RegionLevel Level)[] Files =
    [
        ("provinces.csv", RegionLevel.Province),
        ("regencies.csv", RegionLevel.Regency),
        ("districts.csv", RegionLevel.District),
        ("villages.csv", RegionLevel.Village),
    ];

    public static async Task<RegionLoadResult> LoadAsync(NpgsqlDataSource db, IdnAreaPackage package, TextWriter log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var files = await package.ReadDataFilesAsync(Files.Select(f => f.File).ToHashSet(), ct);
        var rows = new List<RegionRow>(100_000);
        var counts = new int[5];
        foreach (var (file, level) in Files)
        {
            foreach (var row in ParseRows(files[file], file, level))
            {
                rows.Add(row);
                counts[(int)level]++;
            }
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, CreateStagingSql, ct);
        await using (var copy = await connection.BeginBinaryImportAsync(CopyStagingSql, ct))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row.Code, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.ParentCode, NpgsqlDbType.Text, ct);
                await copy.WriteAsync((short)row.Level, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(row.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.SearchName, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Kind, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await Execute(connection, MergeSql, ct);
        await using (var source = new NpgsqlCommand(SourceSql, connection))
        {
            source.Parameters.AddWithValue("package", RegionReference.Name);
            source.Parameters.AddWithValue("version", RegionReference.Version);
            source.Parameters.AddWithValue("integrity", IdnAreaPackage.Integrity);
            source.Parameters.AddWithValue("licence", RegionReference.Licence);
            source.Parameters.AddWithValue("provinces", counts[1]);
            source.Parameters.AddWithValue("regencies", counts[2]);
            source.Parameters.AddWithValue("districts", counts[3]);
            source.Parameters.AddWithValue("villages", counts[4]);
            await source.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        var result = new RegionLoadResult(counts[1], counts[2], counts[3], counts[4], clock.Elapsed);
        log.WriteLine($"regions: {result.Provinces} provinces, {result.Regencies} regencies/cities, {result.Districts} districts, {result.Villages} villages in {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    private static IEnumerable<RegionRow> ParseRows(string csv, string file, RegionLevel level)
    {
        using var reader = CsvDataReader.Create(new StringReader(csv), new CsvDataReaderOptions { HasHeaders = true });
        var parentColumn = level == RegionLevel.Province ? -1 : 1;
        var nameColumn = level == RegionLevel.Province ? 1 : 2;
        var line = 1;
        while (reader.Read())
        {
            line++;
            var raw = reader.GetString(0);
            if (!RegionCode.TryParse(raw, out var code) || code.Level != level)
            {
                throw new RegionSourceException($"{file} line {line}: '{raw}' is not a {level.ToApiName()} code");
            }
            var parent = parentColumn < 0 ? null : reader.GetString(parentColumn);
            if (parent != code.Parent?.Value)
            {
                throw new RegionSourceException($"{file} line {line}: parent '{parent}' does not match code '{raw}'");
            }
            yield return new RegionRow(code.Value, parent, level, reader.GetString(nameColumn).Trim(), code.Kind);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string CreateStagingSql = """
        CREATE TEMP TABLE region_staging (LIKE region INCLUDING DEFAULTS) ON COMMIT DROP;
        """;

    private const string CopyStagingSql = """
        COPY region_staging (code, parent_code, level, name, search_name, kind) FROM STDIN (FORMAT BINARY)
        """;

    // Parents before children for inserts, children before parents for deletes, so the self-reference holds throughout.
    private const string MergeSql = $"""
        INSERT INTO region (code, parent_code, level, name, search_name, kind)
        SELECT code, parent_code, level, name, search_name, kind FROM region_staging ORDER BY level, code
        ON CONFLICT (code) DO UPDATE
           SET parent_code = EXCLUDED.parent_code, level = EXCLUDED.level, name = EXCLUDED.name,
               search_name = EXCLUDED.search_name, kind = EXCLUDED.kind
         WHERE (region.parent_code, region.level, region.name, region.search_name, region.kind)
               IS DISTINCT FROM (EXCLUDED.parent_code, EXCLUDED.level, EXCLUDED.name, EXCLUDED.search_name, EXCLUDED.kind);
        DELETE FROM region r WHERE r.level = {RegionLevelSql.Village} AND NOT EXISTS (SELECT FROM region_staging s WHERE s.code = r.code);
        DELETE FROM region r WHERE r.level = {RegionLevelSql.District} AND NOT EXISTS (SELECT FROM region_staging s WHERE s.code = r.code);
        DELETE FROM region r WHERE r.level = {RegionLevelSql.Regency} AND NOT EXISTS (SELECT FROM region_staging s WHERE s.code = r.code);
        DELETE FROM region r WHERE r.level = {RegionLevelSql.Province} AND NOT EXISTS (SELECT FROM region_staging s WHERE s.code = r.code);
        """;

    private const string SourceSql = """
        INSERT INTO region_source (id, package, version, integrity, licence, loaded_at, provinces, regencies, districts, villages)
        VALUES (1, @package, @version, @integrity, @licence, now(), @provinces, @regencies, @districts, @villages)
        ON CONFLICT (id) DO UPDATE
           SET package = EXCLUDED.package, version = EXCLUDED.version, integrity = EXCLUDED.integrity,
               licence = EXCLUDED.licence, loaded_at = EXCLUDED.loaded_at, provinces = EXCLUDED.provinces,
               regencies = EXCLUDED.regencies, districts = EXCLUDED.districts, villages = EXCLUDED.villages
        """;
}
