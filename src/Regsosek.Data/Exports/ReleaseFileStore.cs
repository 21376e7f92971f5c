using System.Collections.Concurrent;
using System.Data;
using Dapper;
using Npgsql;
using Regsosek.Data.Database;

namespace Regsosek.Data.Exports;

/// <summary>A stored bulk file of a published release, without its bytes.</summary>
public sealed record ReleaseFileInfo(int ReleaseId, string Name, string MediaType, string Sha256, long Length);

/// <summary>
/// Reads the bulk files the publisher stored with each release, through the view the API's role may read (published
/// releases only). A release's files never change once published (a rebuild reproduces them byte for byte), so what
/// was found is kept in memory; the bytes are only ever copied out, once per file, to the API's disk cache.
/// </summary>
public sealed class ReleaseFileStore(NpgsqlDataSource db)
{
    private readonly ConcurrentDictionary<(int ReleaseId, string Name), ReleaseFileInfo> _found = new();

    private const string FindSql = """
        SELECT release_id, name, media_type, sha256, length
          FROM stats.published_release_file
         WHERE release_id = @releaseId AND name = @name
        """;

    /// <summary>The file's description, or null when the release has no file of that name.</summary>
    public async Task<ReleaseFileInfo?> FindAsync(int releaseId, string name, CancellationToken ct)
    {
        if (_found.TryGetValue((releaseId, name), out var known))
        {
            return known;
        }
        await using var connection = await db.OpenForReadAsync(ct);
        var file = await connection.QuerySingleOrDefaultAsync<ReleaseFileInfo>(new CommandDefinition(FindSql, new { releaseId, name }, cancellationToken: ct));
        if (file is not null)
        {
            _found[(releaseId, name)] = file;
        }
        return file;
    }

    private const string BytesSql = """
        SELECT bytes FROM stats.published_release_file WHERE release_id = @releaseId AND name = @name
        """;

    /// <summary>Streams the file's bytes into <paramref name="destination"/> without holding them in memory.</summary>
    public async Task CopyToAsync(ReleaseFileInfo file, Stream destination, CancellationToken ct)
    {
        await using var connection = await db.OpenForReadAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(BytesSql,
            new { releaseId = file.ReleaseId, name = file.Name }, commandTimeout: 0, cancellationToken: ct), CommandBehavior.SequentialAccess);
        if (!await reader.ReadAsync(ct))
        {
            throw new FileNotFoundException($"release {file.ReleaseId} has no file '{file.Name}' any more");
        }
        await using var bytes = reader.GetStream(0);
        await bytes.CopyToAsync(destination, ct);
    }
}
