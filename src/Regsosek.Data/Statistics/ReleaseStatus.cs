namespace Regsosek.Data.Statistics;

/// <summary>stats.release.status: an import creates a release, publishing it makes its values readable.</summary>
public static class ReleaseStatus
{
    public const string Imported = "imported";
    public const string Published = "published";
}
