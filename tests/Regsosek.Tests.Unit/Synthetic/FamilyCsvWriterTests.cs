using System.IO.Compression;
using System.Text;
using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Tests.Synthetic;

public class FamilyCsvWriterTests
{
    private const string Header = "family_key,village_code,tier,decile,members,head_sex,head_age_group,disability";

    [Fact]
    public void Same_seed_gives_byte_identical_csv()
    {
        Assert.Equal(Csv(SyntheticScope.Seed), Csv(SyntheticScope.Seed));
    }

    [Fact]
    public void Different_seed_gives_different_csv()
    {
        Assert.NotEqual(Csv(SyntheticScope.Seed), Csv(SyntheticScope.Seed + 1));
    }

    [Fact]
    public void Csv_has_the_exact_header_and_rows_parse_back_to_the_records()
    {
        var families = SyntheticScope.Sample.Take(20_000).ToArray();
        using var stream = new MemoryStream();

        var written = FamilyCsvWriter.Write(families, stream);

        var bytes = stream.ToArray();
        Assert.Equal(families.Length, written);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
        Assert.DoesNotContain((byte)'\r', bytes);
        var rows = CsvTestParser.Parse(Encoding.UTF8.GetString(bytes));
        Assert.Equal(Header, string.Join(',', rows[0]));
        Assert.Equal(families, rows.Skip(1).Select(ToRecord));
    }

    [Fact]
    public void Fields_with_commas_quotes_or_line_breaks_are_quoted()
    {
        FamilyRecord[] odd = [new(7, "a,b", "x\"y", 1, 2, ',', "line\nbreak", true), new(8, "", "\"", 10, 30, 'F', "\r", false)];
        using var stream = new MemoryStream();

        FamilyCsvWriter.Write(odd, stream);

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal(Header + "\n7,\"a,b\",\"x\"\"y\",1,2,\",\",\"line\nbreak\",1\n8,,\"\"\"\",10,30,F,\"\r\",0\n", text);
        Assert.Equal(odd, CsvTestParser.Parse(text).Skip(1).Select(ToRecord));
    }

    [Fact]
    public void Progress_is_reported_every_100000_rows_and_at_the_end()
    {
        var reports = new List<long>();
        var progress = new SynchronousProgress(reports.Add);

        FamilyCsvWriter.Write(Enumerable.Repeat(SyntheticScope.Sample[0], 250_000), Stream.Null, progress);
        FamilyCsvWriter.Write(Enumerable.Repeat(SyntheticScope.Sample[0], 200_000), Stream.Null, progress);

        Assert.Equal([100_000, 200_000, 250_000, 100_000, 200_000], reports);
    }

    [Fact]
    public void Cancellation_stops_the_write()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => FamilyCsvWriter.Write(SyntheticScope.Sample, Stream.Null, ct: cts.Token));
    }

    [Fact]
    public void WriteFile_gzips_when_the_path_ends_in_gz_and_writes_plain_csv_otherwise()
    {
        var families = SyntheticScope.Sample.Take(5_000).ToArray();
        var dir = Directory.CreateTempSubdirectory("regsosek-synth-");
        try
        {
            var plain = Path.Combine(dir.FullName, "families.csv");
            var gz = Path.Combine(dir.FullName, "families.csv.gz");

            Assert.Equal(families.Length, FamilyCsvWriter.WriteFile(plain, families));
            Assert.Equal(families.Length, FamilyCsvWriter.WriteFile(gz, families));

            using var unzip = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
            using var unzipped = new MemoryStream();
            unzip.CopyTo(unzipped);
            Assert.Equal(File.ReadAllBytes(plain), unzipped.ToArray());
            Assert.Equal([plain, gz], Directory.GetFiles(dir.FullName).Order());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static byte[] Csv(int seed)
    {
        using var stream = new MemoryStream();
        FamilyCsvWriter.Write(FamilyGenerator.Generate(SyntheticScope.TwoProvinces, new GeneratorOptions(seed, 50_000)), stream);
        return stream.ToArray();
    }

    private static FamilyRecord ToRecord(string[] f)
    {
        Assert.Equal(8, f.Length);
        Assert.Single(f[5]);
        Assert.True(f[7] is "0" or "1");
        return new FamilyRecord(long.Parse(f[0]), f[1], f[2], byte.Parse(f[3]), byte.Parse(f[4]), f[5][0], f[6], f[7] == "1");
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and complete.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
