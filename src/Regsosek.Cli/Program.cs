using System.CommandLine;
using Regsosek.Cli.Commands;

var root = new RootCommand("Regsosek admin: migrate the database, load regions, and run the release pipeline.")
{
    MigrateCommand.Create(),
    RegionsCommand.Create(),
    GenerateCommand.Create(),
    ImportCommand.Create(),
    PublishCommand.Create(),
    ReleasesCommand.Create(),
    FilesCommand.Create(),
};
return await CliErrors.InvokeAsync(root, args);
