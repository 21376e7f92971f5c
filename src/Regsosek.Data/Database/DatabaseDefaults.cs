namespace Regsosek.Data.Database;

/// <summary>
/// The embedded default: the loopback-only cluster that scripts/pg.sh starts. Its passwords are
/// development defaults of that local cluster; any real deployment sets ConnectionStrings__* instead.
/// </summary>
public static class DatabaseDefaults
{
    public const string ApiConnectionName = "Regsosek";
    public const string AdminConnectionName = "RegsosekAdmin";
    public const int Port = 54329;

    public static string ApiConnectionString =>
        $"Host=127.0.0.1;Port={PortFromEnvironment};Database=regsosek;Username=regsosek_api;Password=regsosek_api";

    public static string AdminConnectionString =>
        $"Host=127.0.0.1;Port={PortFromEnvironment};Database=regsosek;Username=regsosek;Password=regsosek";

    private static int PortFromEnvironment =>
        int.TryParse(Environment.GetEnvironmentVariable("REGSOSEK_PG_PORT"), out var port) ? port : Port;

    /// <summary>The connection string from the environment (ConnectionStrings__NAME), else the embedded default.</summary>
    public static string Resolve(string name, string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : name == AdminConnectionName ? AdminConnectionString : ApiConnectionString;
}
