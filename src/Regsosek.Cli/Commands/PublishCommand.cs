using System.CommandLine;
using Regsosek.Pipeline.Publishing;

namespace Regsosek.Cli.Commands;

internal static class PublishCommand
{
    public static Command Create()
    {
        var release = new Option<string>("--release") { Description = "Name of an imported release.", Required = true };
        var disclosure = new Option<string?>("--disclosure")
        {
            Description = "Disclosure-control settings (JSON: per measure maxNoise, variance, smallCountThreshold) for a first publish; " +
                          "default config/disclosure.json. A rebuild reuses the settings stored with the release.",
        };
        var stage = new Option<bool>("--stage") { Description = "Publish the values but keep the current release (switch later by publishing again without --stage)." };
        var command = new Command("publish", "Aggregate a release with the cell key method and make it the current release.") { release, disclosure, stage };
        command.SetAction(async (parse, ct) =>
        {
            var settings = DisclosureSettings.Parse(await ReadSettingsAsync(parse.GetValue(disclosure), ct));
            await using var db = CliEnvironment.AdminDataSource();
            await ReleasePublisher.PublishAsync(db, parse.GetValue(release)!, settings, Console.Error, ct, makeCurrent: !parse.GetValue(stage));
            return 0;
        });
        return command;
    }

    /// <summary>The default settings travel inside the binary, so publishing works from any folder.</summary>
    private static async Task<string> ReadSettingsAsync(string? path, CancellationToken ct)
    {
        if (path is not null)
        {
            return File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new CliException($"--disclosure file '{path}' not found");
        }
        await using var stream = typeof(PublishCommand).Assembly.GetManifestResourceStream("config/disclosure.json")
            ?? throw new CliException("default disclosure settings are missing from this build");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }
}
