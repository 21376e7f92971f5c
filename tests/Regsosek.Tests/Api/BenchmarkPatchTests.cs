using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

/// <summary>
/// bench/api-ablation.sh builds the API with bench/api-ablation.patch; a Program.cs edited since would make the
/// benchmark fail only when someone runs it, so the patch's pre-image is checked against the current file here.
/// </summary>
public sealed class BenchmarkPatchTests
{
    [Fact]
    public void Ablation_patch_changes_only_the_API_program_file()
    {
        var targets = File.ReadLines(RepositoryPaths.Of("bench", "api-ablation.patch"))
            .Where(line => line.StartsWith("+++ ", StringComparison.Ordinal) || line.StartsWith("--- ", StringComparison.Ordinal))
            .Distinct();

        Assert.Equal(["--- a/src/Regsosek.Api/Program.cs", "+++ b/src/Regsosek.Api/Program.cs"], targets);
    }

    [Fact]
    public void Ablation_patch_still_applies_to_the_API_program_file()
    {
        var program = File.ReadAllText(RepositoryPaths.Of("src", "Regsosek.Api", "Program.cs")).ReplaceLineEndings("\n");

        foreach (var (header, preImage) in Hunks(File.ReadAllLines(RepositoryPaths.Of("bench", "api-ablation.patch"))))
        {
            Assert.True(program.Contains(preImage, StringComparison.Ordinal),
                $"bench/api-ablation.patch no longer applies to src/Regsosek.Api/Program.cs at {header}: regenerate it (see bench/api-ablation.sh).");
        }
    }

    /// <summary>Each hunk's header and the lines it expects to find: context and removed lines, in order.</summary>
    private static IEnumerable<(string Header, string PreImage)> Hunks(string[] patch)
    {
        string? header = null;
        var lines = new List<string>();
        foreach (var line in patch.SkipWhile(line => !line.StartsWith("@@", StringComparison.Ordinal)))
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                if (header is not null) yield return (header, string.Join('\n', lines));
                header = line;
                lines.Clear();
            }
            else if (line.StartsWith(' ') || line.StartsWith('-'))
            {
                lines.Add(line[1..]);
            }
            else if (line.Length == 0)
            {
                lines.Add("");
            }
        }
        if (header is not null) yield return (header, string.Join('\n', lines));
    }
}
