using System.CommandLine;
using Npgsql;
using Regsosek.Data.Database;
using Regsosek.Pipeline.Database;
using Regsosek.Pipeline.Import;
using Regsosek.Pipeline.Publishing;
using Regsosek.Pipeline.Regions;

namespace Regsosek.Cli.Commands;

/// <summary>Expected failures end in one line on stderr and exit code 1, not a stack trace.</summary>
internal static class CliErrors
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            // System.CommandLine's own handler would print every exception with its stack trace and exit 1,
            // before the catch below could turn the expected ones into one line.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (OneLine(e) is { } message)
        {
            Console.Error.WriteLine($"regsosek: {message}");
            return 1;
        }
    }

    private static string? OneLine(Exception e) => e switch
    {
        MigrationException or RegionSourceException or ImportException or CliException or PublishException => e.Message,
        FormatException or System.Text.Json.JsonException => $"invalid settings: {e.Message}",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException } =>
            $"cannot reach PostgreSQL ({e.InnerException.Message}); start it with scripts/pg.sh start or set ConnectionStrings__{DatabaseDefaults.AdminConnectionName}",
        PostgresException p => $"database error {p.SqlState}: {p.MessageText}",
        NpgsqlException n => $"database error: {n.Message}",
        OperationCanceledException => "cancelled",
        _ => null,
    };
}

internal sealed class CliException(string message) : Exception(message);
