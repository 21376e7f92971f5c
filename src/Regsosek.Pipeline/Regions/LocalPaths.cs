namespace Regsosek.Pipeline.Regions;

/// <summary>Where downloaded and generated files go: the repo's ignored .local folder when run from a checkout.</summary>
public static class LocalPaths
{
    public static string CacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("REGSOSEK_CACHE_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Regsosek.sln")))
            {
                return Path.Combine(dir.FullName, ".local", "cache");
            }
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "regsosek");
    }
}
