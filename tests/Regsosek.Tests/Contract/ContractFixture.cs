using System.Diagnostics;
using System.Text.Json;
using Regsosek.Tests.Browser;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Contract;

/// <summary>
/// What a ministry developer starts from: the API on a real port with a published synthetic release, and its live
/// OpenAPI document. Each contract test generates a client from that document into its own work folder, which is kept
/// when the test fails (its path is in the failure) and removed when it passes.
/// </summary>
public sealed class ContractFixture : IAsyncLifetime
{
    public StatisticsReleaseFixture Release { get; } = new();
    public KestrelApiFactory Api { get; private set; } = null!;
    public string Document { get; private set; } = "";

    /// <summary>operationId of every operation the document has: what each client must call.</summary>
    public IReadOnlyList<string> OperationIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Release.InitializeAsync();
        Api = new KestrelApiFactory(await TestDatabase.GetAsync());
        Api.Start();
        using var http = new HttpClient { BaseAddress = Api.BaseAddress };
        Document = await http.GetStringAsync("/swagger/v1/swagger.json");
        OperationIds = JsonDocument.Parse(Document).RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => op.Value.GetProperty("operationId").GetString()!))
            .ToList();
    }

    public static string NewWorkFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"regsosek-contract-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Runs a tool of the contract run and fails the test with its output (and the kept work folder) unless it exits 0.
    /// A child <c>dotnet</c> must not inherit the MSBuild settings of the <c>dotnet test</c> that runs us.
    /// </summary>
    public static async Task<(string Output, TimeSpan Took)> RunAsync(string folder, TimeSpan timeout, string file, params string[] args)
    {
        var start = ProcessRunner.StartInfo(file, args);
        start.WorkingDirectory = folder;
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(start, timeout);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} failed in {folder}:\n{result}");
        return ((result.Stdout + result.Stderr).Trim(), clock.Elapsed);
    }

    public async Task DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractFixture>
{
    public const string Name = "contract";
}
