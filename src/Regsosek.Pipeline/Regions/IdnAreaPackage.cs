using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Regsosek.Data.Regions;

namespace Regsosek.Pipeline.Regions;

/// <summary>
/// The npm package idn-area-data, fetched with the ordinary npm client and checked against the
/// integrity hash pinned here, so a tampered or different tarball is never loaded.
/// </summary>
public sealed class IdnAreaPackage
{
    /// <summary>The sha512 of <see cref="RegionReference.Version"/>'s tarball, as npm reports it.</summary>
    public const string Integrity = "sha512-PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7au83AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ==";
    public const string TarballName = $"{RegionReference.Name}-{RegionReference.Version}.tgz";

    private readonly string _tarballPath;

    private IdnAreaPackage(string tarballPath) => _tarballPath = tarballPath;

    /// <summary>Uses the cached tarball when its hash matches; otherwise runs <c>npm pack</c> into the cache.</summary>
    public static async Task<IdnAreaPackage> FetchAsync(string cacheDirectory, TextWriter log, CancellationToken ct)
    {
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, TarballName);
        if (File.Exists(path) && await HasPinnedIntegrityAsync(path, ct))
        {
            return new IdnAreaPackage(path);
        }

        log.WriteLine($"regions: fetching {RegionReference.Name}@{RegionReference.Version} with npm pack into {cacheDirectory}");
        await RunNpmPackAsync(cacheDirectory, ct);
        if (!File.Exists(path))
        {
            throw new RegionSourceException($"npm pack did not produce {TarballName} in {cacheDirectory}");
        }
        if (!await HasPinnedIntegrityAsync(path, ct))
        {
            File.Delete(path);
            throw new RegionSourceException($"{TarballName} does not match the pinned integrity {Integrity}; refusing to load it");
        }
        return new IdnAreaPackage(path);
    }

    public static async Task<bool> HasPinnedIntegrityAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA512.HashDataAsync(stream, ct);
        return "sha512-" + Convert.ToBase64String(hash) == Integrity;
    }

    private static async Task RunNpmPackAsync(string destination, CancellationToken ct)
    {
        var start = new ProcessStartInfo("npm")
        {
            ArgumentList = { "pack", $"{RegionReference.Name}@{RegionReference.Version}", "--pack-destination", destination, "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = destination,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RegionSourceException("could not start npm");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new RegionSourceException("npm not found. Fix: sudo apt-get install -y npm (or put the tarball in the cache folder)");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new RegionSourceException($"npm pack {RegionReference.Name}@{RegionReference.Version} failed: {(await stderr).Trim()}");
            }
        }
    }

    /// <summary>Opens each file under data/ that the loader needs, by file name (e.g. villages.csv).</summary>
    public async Task<Dictionary<string, string>> ReadDataFilesAsync(IReadOnlySet<string> fileNames, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var file = File.OpenRead(_tarballPath);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var name = Path.GetFileName(entry.Name);
            if (entry.Name.StartsWith("package/data/", StringComparison.Ordinal) && fileNames.Contains(name) && entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data);
                result[name] = await reader.ReadToEndAsync(ct);
            }
        }
        var missing = fileNames.Except(result.Keys).ToList();
        if (missing.Count > 0)
        {
            throw new RegionSourceException($"{TarballName} lacks {string.Join(", ", missing)}");
        }
        return result;
    }
}

public sealed class RegionSourceException(string message) : Exception(message);
