using System.IO.Compression;
using System.Text;

namespace Regsosek.Tests.Import;

/// <summary>Tiny synthetic import files, written to a temporary folder that goes away with the test.</summary>
public sealed class ImportFiles : IDisposable
{
    public const string Header = "family_key,village_code,tier,decile,members,head_sex,head_age_group,disability";

    private static readonly string[] Tiers = ["extreme_poor", "poor", "vulnerable", "upper_middle"];
    private static readonly string[] AgeGroups = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("regsosek-import-");

    public string Folder => _dir.FullName;

    public static string Row(long key, string village, string tier = "poor", string decile = "3", string members = "4",
        string headSex = "M", string headAgeGroup = "35-44", string disability = "0") =>
        $"{key},{village},{tier},{decile},{members},{headSex},{headAgeGroup},{disability}";

    /// <summary>Valid rows with keys first..first+count-1, cycling through every value of every field.</summary>
    public static IEnumerable<string> ValidRows(IReadOnlyList<string> villages, int count, long first = 1)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Row(first + i, villages[i % villages.Count], Tiers[i % 4], $"{1 + i % 10}", $"{1 + i % 30}",
                i % 7 == 0 ? "F" : "M", AgeGroups[i % 6], i % 13 == 0 ? "1" : "0");
        }
    }

    public static string Csv(IEnumerable<string> rows) => string.Join("\n", rows.Prepend(Header)) + "\n";

    public string Write(string content, string name = "families.csv")
    {
        var path = Path.Combine(Folder, name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }
        else
        {
            File.WriteAllText(path, content, new UTF8Encoding(false));
        }
        return path;
    }

    public string Write(IEnumerable<string> rows, string name = "families.csv") => Write(Csv(rows), name);

    public void Dispose() => _dir.Delete(recursive: true);
}
