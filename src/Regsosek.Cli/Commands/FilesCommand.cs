using System.CommandLine;
using Regsosek.Pipeline.Publishing;

namespace Regsosek.Cli.Commands;

/// <summary>Publishing writes a release's bulk files; this writes them for a release published before that was so.</summary>
internal static class FilesCommand
{
    public static Command Create()
    {
        var release = new Option<string>("--release") { Description = "Name of a published release.", Required = true };
        var command = new Command("files", "Write the bulk files (CSV, gzip) of a published release from its published values.") { release };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = CliEnvironment.AdminDataSource();
            var files = await ReleaseFiles.WriteForPublishedAsync(db, parse.GetValue(release)!, ct);
            foreach (var file in files)
            {
                Console.WriteLine($"{file.Name}\t{file.Bytes.Length:N0} bytes\tsha256 {file.Sha256}");
            }
            return 0;
        });
        return command;
    }
}
