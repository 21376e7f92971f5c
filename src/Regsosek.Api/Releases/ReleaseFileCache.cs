using System.Collections.Concurrent;
using System.Security.Cryptography;
using Regsosek.Data.Exports;

namespace Regsosek.Api.Releases;

/// <summary>Configuration section <c>ReleaseFiles</c>.</summary>
public sealed class ReleaseFileSettings
{
    public const string Section = "ReleaseFiles";

    /// <summary>Where copies of the releases' bulk files are kept; unset: regsosek-release-files in the system's temp folder.</summary>
    public string? CacheDirectory { get; set; }

    public string Directory => CacheDirectory ?? Path.Combine(Path.GetTempPath(), "regsosek-release-files");
}

/// <summary>
/// A local copy of every bulk file served, named by its sha256: a download is read from disk (sendfile, Range), never
/// from the database, so no number of slow clients holds a pooled connection. A file is copied from the database once
/// per disk (concurrent first requests wait for the same copy), written under a temporary name, checked against its
/// digest and only then renamed into place, so a reader never sees a partial or altered file. Content-addressed names
/// make copies shareable between processes and releases, and never stale.
/// </summary>
public sealed class ReleaseFileCache(ReleaseFileStore store, ReleaseFileSettings settings)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _copies = new();

    /// <summary>The path of a complete, verified local copy of <paramref name="file"/>.</summary>
    public async Task<string> PathAsync(ReleaseFileInfo file, CancellationToken ct)
    {
        var path = Path.Combine(settings.Directory, file.Sha256);
        if (File.Exists(path))
        {
            return path;
        }
        // One copy for everyone asking at once; it is not cancelled when the first asker goes away.
        var copy = _copies.GetOrAdd(file.Sha256, _ => new Lazy<Task<string>>(() => CopyAsync(file, path)));
        try
        {
            return await copy.Value.WaitAsync(ct);
        }
        finally
        {
            if (copy.Value.IsCompleted)
            {
                _copies.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(file.Sha256, copy));
            }
        }
    }

    private async Task<string> CopyAsync(ReleaseFileInfo file, string path)
    {
        Directory.CreateDirectory(settings.Directory);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                await store.CopyToAsync(file, output, CancellationToken.None);
                output.Position = 0;
                var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(output));
                if (digest != file.Sha256)
                {
                    throw new InvalidDataException($"release {file.ReleaseId}'s file {file.Name} has sha256 {digest}, not the {file.Sha256} stored with it");
                }
            }
            File.Move(temporary, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
