using System.Text.RegularExpressions;

namespace Regsosek.Pipeline.Import;

/// <param name="Release">Name of the release to create, as stats.release requires: ^[a-z0-9][a-z0-9._-]{0,62}$.</param>
public sealed partial record ImportOptions(string Release)
{
    /// <summary>The Regsosek 2022 fieldwork period.</summary>
    public const string DefaultReferencePeriod = "2022-10-15/2022-11-14";

    public string ReferencePeriod { get; init; } = DefaultReferencePeriod;

    public string Description { get; init; } = "";

    /// <summary>
    /// 0 (default): any bad row rejects the whole file. N &gt; 0: up to N bad rows are written to
    /// <see cref="RejectFile"/> and the rest is imported; more than N rejects the whole file.
    /// </summary>
    public long MaxErrors { get; init; }

    /// <summary>Where quarantined rows go; null means the input path + ".rejects.csv".</summary>
    public string? RejectFile { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The region codes whose microdata the file holds (as <see cref="Data.Statistics.Coverage.Parse"/> gives them):
    /// every code must be a loaded region and every family's village must lie within one, or nothing is imported.
    /// Null (default): the release covers every province with at least one family, decided when it is published.
    /// </summary>
    public IReadOnlyList<string>? Coverage { get; init; }

    internal void Validate()
    {
        if (!ReleaseName().IsMatch(Release ?? ""))
        {
            throw new ImportException(
                $"release name '{Release}' is not valid: 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (MaxErrors < 0) throw new ImportException($"max errors must be 0 or more, not {MaxErrors}");
        ArgumentNullException.ThrowIfNull(ReferencePeriod);
        ArgumentNullException.ThrowIfNull(Description);
        if (Coverage is { Count: 0 }) throw new ImportException("coverage lists no region code");
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,62}\z")]
    private static partial Regex ReleaseName();
}
