using System.CommandLine;
using Dapper;
using Regsosek.Data.Statistics;

namespace Regsosek.Cli.Commands;

internal static class ReleasesCommand
{
    private const string ListSql = """
        SELECT name, status, is_current, reference_period, published_at FROM stats.release ORDER BY id
        """;

    public static Command Create()
    {
        var publishedOnly = new Option<bool>("--published") { Description = "Only published releases." };
        var namesOnly = new Option<bool>("--names") { Description = "Print names only, one per line (for scripts)." };
        var list = new Command("list", "List releases.") { publishedOnly, namesOnly };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = CliEnvironment.AdminDataSource();
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<(string Name, string Status, bool IsCurrent, string ReferencePeriod, DateTime? PublishedAt)>(
                new CommandDefinition(ListSql, cancellationToken: ct));
            foreach (var r in rows.Where(r => !parse.GetValue(publishedOnly) || r.Status == ReleaseStatus.Published))
            {
                Console.WriteLine(parse.GetValue(namesOnly)
                    ? r.Name
                    : $"{r.Name}\t{r.Status}{(r.IsCurrent ? " (current)" : "")}\t{r.ReferencePeriod}\t{r.PublishedAt:u}");
            }
            return 0;
        });
        return new Command("releases", "Releases of the registry.") { list };
    }
}
