using Regsosek.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Regsosek.Tests.Contract;

/// <summary>
/// TypeScript types generated with openapi-typescript from the live document, the committed script
/// tests/contract/typescript/contract.ts checked with strict tsc (its @ts-expect-error lines must be errors: a misspelt
/// tier or a missing required property does not compile), then compiled and run against the API with openapi-fetch,
/// validating every JSON response and example against the document with ajv (additionalProperties forced false).
/// The tools are pinned by tools/contract/package-lock.json and installed by scripts/test.sh; nothing else is fetched.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class TypeScriptContractTests(ContractFixture fixture, ITestOutputHelper output)
{
    private static string Tools => RepositoryPaths.Of(".local", "tools", "contract", "node_modules");

    private static string Bin(string tool) => Path.Combine(Tools, ".bin", tool);

    [Fact]
    public async Task Generated_TypeScript_types_compile_strictly_and_every_operation_answers_as_the_document_says()
    {
        Assert.True(File.Exists(Bin("tsc")) && File.Exists(Bin("openapi-typescript")),
            $"The contract tools are not installed in {Tools}. Fix: run scripts/test.sh, which installs them, or: " +
            "mkdir -p .local/tools/contract && cp tools/contract/package*.json .local/tools/contract/ && npm ci --prefix .local/tools/contract");
        var work = ContractFixture.NewWorkFolder("typescript");
        await File.WriteAllTextAsync(Path.Combine(work, "openapi.json"), fixture.Document);
        await File.WriteAllTextAsync(Path.Combine(work, "package.json"), """{ "private": true, "type": "module" }""");
        foreach (var file in new[] { "contract.ts", "tsconfig.json" })
        {
            File.Copy(RepositoryPaths.Of("tests", "contract", "typescript", file), Path.Combine(work, file));
        }
        Directory.CreateSymbolicLink(Path.Combine(work, "node_modules"), Tools);

        var (generated, _) = await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(2), Bin("openapi-typescript"), "openapi.json", "-o", "generated/api.d.ts");
        var (_, checkedIn) = await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(3), Bin("tsc"), "--noEmit", "-p", "tsconfig.json");
        await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(3), Bin("tsc"), "-p", "tsconfig.json");
        var (result, ran) = await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(3), "node",
            Path.Combine("out", "contract.js"), fixture.Api.BaseAddress.ToString(), fixture.Release.ReleaseName);

        var (tsc, _) = await ContractFixture.RunAsync(work, TimeSpan.FromMinutes(1), Bin("tsc"), "--version");
        output.WriteLine($"{generated.Split('\n')[0]}; {tsc}; strict check {checkedIn.TotalSeconds:F0} s, run {ran.TotalSeconds:F1} s\n{result}");
        Assert.Contains($"contract (typescript): {fixture.OperationIds.Count} operations, {fixture.OperationIds.Count} operation representations", result);
        Directory.Delete(work, recursive: true);
    }
}
