using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Regsosek.Data.Exports;
using Regsosek.Data.Statistics;

namespace Regsosek.Pipeline.Publishing;

/// <summary>A bulk file of a release as stored: its bytes, media type and digest.</summary>
public sealed record ReleaseFile(string Name, string MediaType, byte[] Bytes)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Bytes));
}

/// <summary>
/// Makes a release's bulk files once, from its published rows, and stores them with the release (stats.release_file):
/// every table as CSV, gzipped CSV and xlsx (codes as text, a sheet naming the release and its disclosure control).
/// Called inside the publishing transaction, after the release row is marked published (so its publication time and
/// measured noise are known) and before commit, so the files exist exactly when the values do; the API only ever
/// copies them.
/// </summary>
public static class ReleaseFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the files of a release that was published before they were made at publish time (or replaces them), in
    /// one transaction: its published values are read, never changed.
    /// </summary>
    public static async Task<IReadOnlyList<ReleaseFile>> WriteForPublishedAsync(NpgsqlDataSource db, string releaseName, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var releaseId = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(PublishedReleaseSql,
            new { name = releaseName, published = ReleaseStatus.Published }, tx, cancellationToken: ct))
            ?? throw new PublishException($"release '{releaseName}' is not published; publish it (which writes its files)");
        var files = await WriteAsync(connection, releaseId, ct);
        await tx.CommitAsync(ct);
        return files;
    }

    private const string PublishedReleaseSql = "SELECT id FROM stats.release WHERE name = @name AND status = @published FOR UPDATE";

    public static async Task<IReadOnlyList<ReleaseFile>> WriteAsync(NpgsqlConnection connection, int releaseId, CancellationToken ct)
    {
        var files = await MakeAsync(connection, releaseId, ct);
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { releaseId }, cancellationToken: ct));
        foreach (var file in files)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql,
                new { releaseId, name = file.Name, mediaType = file.MediaType, sha256 = file.Sha256, bytes = file.Bytes },
                commandTimeout: 0, cancellationToken: ct));
        }
        return files;
    }

    private const string ReleaseSql = """
        SELECT name, reference_period, description, published_at, coherent,
               families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change,
               families_mean_change, persons_mean_change
          FROM stats.release WHERE id = @releaseId
        """;

    private const string DeleteSql = "DELETE FROM stats.release_file WHERE release_id = @releaseId";

    private const string InsertSql = """
        INSERT INTO stats.release_file (release_id, name, media_type, sha256, length, bytes)
        VALUES (@releaseId, @name, @mediaType, @sha256, octet_length(@bytes), @bytes)
        """;

    /// <summary>
    /// Every table's CSV and xlsx in one pass over the release's rows (Indonesia first, then level by level in code
    /// order): each row goes to every file as it is read.
    /// </summary>
    private static async Task<IReadOnlyList<ReleaseFile>> MakeAsync(NpgsqlConnection connection, int releaseId, CancellationToken ct)
    {
        // The rows map by snake_case names as the API maps them (it sets this at start-up too). Dapper keeps one
        // deserializer per type and column set for the whole process, so a mapping made without it would break the
        // API's reads of the same columns in a process that hosts both (the tests).
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var info = await connection.QuerySingleOrDefaultAsync<ReleaseSheetInfo>(new CommandDefinition(ReleaseSql, new { releaseId }, cancellationToken: ct))
            ?? throw new PublishException($"release {releaseId} does not exist");
        var release = info.Name;
        // The CSV is encoded as it is written: a StringBuilder held it as UTF-16 in doubling chunks, then a string, then
        // the bytes (about 5x the file's size at once: a Lampung publish peaked at 276 MB, now 184 MB).
        var buffers = CsvTable.All.ToDictionary(t => t, _ => new MemoryStream(1 << 20));
        var writers = buffers.ToDictionary(b => b.Key, b => new StreamWriter(b.Value, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\r\n" });
        foreach (var (table, writer) in writers)
        {
            writer.Write(table.Header + "\r\n");
        }
        var workbooks = new Dictionary<CsvTable, ReleaseWorkbook>();
        try
        {
            foreach (var table in CsvTable.All)
            {
                workbooks[table] = await ReleaseWorkbook.StartAsync(table, info, ct);
            }
            await foreach (var region in connection.QueryUnbufferedAsync<RegionStatistics>(StatisticsStore.AllSql, new { releaseId }).WithCancellation(ct))
            {
                foreach (var (table, writer) in writers)
                {
                    table.WriteRow(writer, release, region, Measure.Families);
                    table.WriteRow(writer, release, region, Measure.Persons);
                    await workbooks[table].AddRowAsync(release, region, Measure.Families, ct);
                    await workbooks[table].AddRowAsync(release, region, Measure.Persons, ct);
                }
            }
            var files = new List<ReleaseFile>();
            foreach (var (table, writer) in writers)
            {
                await writer.FlushAsync(ct);
                var csv = buffers[table].ToArray();
                files.Add(new ReleaseFile(ReleaseFileNames.Csv(table), CsvTable.ContentType, csv));
                files.Add(new ReleaseFile(ReleaseFileNames.CsvGzip(table), "application/gzip", Gzip(csv)));
                files.Add(new ReleaseFile(ReleaseFileNames.Xlsx(table), ReleaseFileNames.XlsxMediaType, await workbooks[table].FinishAsync(info, ct)));
            }
            return files;
        }
        finally
        {
            foreach (var workbook in workbooks.Values)
            {
                await workbook.DisposeAsync();
            }
            foreach (var writer in writers.Values)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>Compressed once, at publish time, as well as gzip can: every download of it saves the bytes.</summary>
    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream(bytes.Length / 4);
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }
}
