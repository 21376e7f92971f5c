namespace Regsosek.Tests.Infrastructure;

/// <summary>Files of the checkout the tests run from, found by walking up from the test binaries to Regsosek.sln.</summary>
public static class RepositoryPaths
{
    public static readonly string Root = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Regsosek.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Regsosek.sln not found above {AppContext.BaseDirectory}; the tests run from a checkout.");
    }
}
