using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Browser;

/// <summary>Where the browser tests leave their screenshots: artifacts/screenshots at the repository root (git-ignored).</summary>
public static class Artifacts
{
    public static string Screenshot(string name)
    {
        var folder = RepositoryPaths.Of("artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
