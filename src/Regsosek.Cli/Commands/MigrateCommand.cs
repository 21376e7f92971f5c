using System.CommandLine;
using Regsosek.Pipeline.Database;

namespace Regsosek.Cli.Commands;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending db/migrations and grant the API role read access.");
        command.SetAction(async (_, ct) =>
        {
            MigrationRunner.Migrate(CliEnvironment.AdminConnectionString, Console.Out);
            await MigrationRunner.GrantReaderAsync(CliEnvironment.AdminConnectionString, CliEnvironment.ApiConnectionString, ct);
            return 0;
        });
        return command;
    }
}
