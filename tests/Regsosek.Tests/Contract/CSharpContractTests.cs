using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Contract;

/// <summary>
/// A C# client generated with NSwag (NuGet NSwag.CodeGeneration.CSharp, pinned in Directory.Packages.props) from the
/// live document, built with the committed caller tests/contract/csharp and run against the API: every operation in
/// every format, paging, a 304, the exports and problems. Any exception or wrong answer fails it.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class CSharpContractTests(ContractFixture fixture, ITestOutputHelper output)
{
    public static string NSwagVersion => typeof(CSharpClientGenerator).Assembly.GetName().Version!.ToString(3);

    /// <summary>As a developer would generate it: one client named from the operation ids, NSwag's defaults otherwise.</summary>
    public static async Task<string> GenerateClientAsync(string document)
    {
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "RegsosekClient",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings = { Namespace = "Regsosek.Contract", GenerateNullableReferenceTypes = true, GenerateOptionalPropertiesAsNullable = true },
        };
        return new CSharpClientGenerator(await NSwag.OpenApiDocument.FromJsonAsync(document), settings).GenerateFile();
    }

    [Fact]
    public async Task A_generated_CSharp_client_calls_every_operation_in_every_format_and_gets_what_the_document_says()
    {
        var work = ContractFixture.NewWorkFolder("csharp");
        await File.WriteAllTextAsync(Path.Combine(work, "RegsosekClient.cs"), await GenerateClientAsync(fixture.Document));
        foreach (var file in new[] { "ContractCaller.csproj", "Program.cs" })
        {
            File.Copy(RepositoryPaths.Of("tests", "contract", "csharp", file), Path.Combine(work, file));
        }

        var (_, built) = await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(6), "dotnet", "build", "-c", "Release", "-nologo", "-v", "q");
        var (result, ran) = await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(3), "dotnet",
            Path.Combine(work, "bin", "Release", "net10.0", "ContractCaller.dll"), fixture.Api.BaseAddress.ToString(), fixture.Release.ReleaseName);

        output.WriteLine($"NSwag {NSwagVersion}; client built in {built.TotalSeconds:F0} s, run in {ran.TotalSeconds:F1} s\n{result}");
        Assert.Contains($"contract (csharp): {fixture.OperationIds.Count} operations, 6 media types", result);
        Directory.Delete(work, recursive: true);
    }
}
