using System.CommandLine;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Regions;
using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Cli.Commands;

internal static class GenerateCommand
{
    /// <summary>Lampung had ~9.18 M people in 2022; at ~3.4 per family that is ~2.7 M families.</summary>
    public const long LampungFamilies = 2_700_000;

    /// <summary>DTSEN 2025 counts ~94 M families; Regsosek 2022 somewhat fewer.</summary>
    public const long NationalFamilies = 90_000_000;

    public const int DefaultSeed = 20221015;

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "CSV file to write (.gz to compress).", Required = true };
        var scope = new Option<string>("--scope") { Description = "lampung (default), national, or a province code such as 18.", DefaultValueFactory = _ => "lampung" };
        var families = new Option<long?>("--families") { Description = "Number of families (default: ~2.7 M for Lampung, ~90 M national, scaled by villages for a province)." };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed and scope give the same file.", DefaultValueFactory = _ => DefaultSeed };
        var command = new Command("generate", "Write seeded synthetic family microdata in the import format (never real data).") { output, scope, families, seed };
        command.SetAction(async (parse, ct) =>
        {
            var (within, defaultFamilies) = ResolveScope(parse.GetValue(scope)!);
            var villages = await LoadVillagesAsync(within, ct);
            var target = parse.GetValue(families) ?? defaultFamilies ?? villages.Count * (LampungFamilies / 2651);
            var progress = new ConsoleProgress("generate", "families");
            var written = await Task.Run(() => FamilyCsvWriter.WriteFile(parse.GetValue(output)!,
                FamilyGenerator.Generate(villages, new GeneratorOptions(parse.GetValue(seed), target)), progress, ct), ct);
            progress.Done(written);
            return 0;
        });
        return command;
    }

    private static (RegionCode? Within, long? Families) ResolveScope(string scope) => scope.ToLowerInvariant() switch
    {
        "lampung" => (RegionCode.Parse("18"), LampungFamilies),
        "national" => (null, NationalFamilies),
        _ when RegionCode.TryParse(scope, out var code) && code.Level == RegionLevel.Province => (code, null),
        _ => throw new CliException($"--scope '{scope}' is not lampung, national or a province code"),
    };

    private static async Task<IReadOnlyList<VillageRef>> LoadVillagesAsync(RegionCode? within, CancellationToken ct)
    {
        await using var db = CliEnvironment.AdminDataSource();
        var codes = await VillageCodes.ListAsync(db, within, ct);
        if (codes.Count == 0)
        {
            throw new CliException("no villages in scope; load regions first: regsosek regions load");
        }
        return codes.Select(VillageRef.FromCode).ToList();
    }
}
