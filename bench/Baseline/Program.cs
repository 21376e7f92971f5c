using Dapper;
using Npgsql;
using Regsosek.Data.Database;

// The least an endpoint can do: plaintext, and one primary-key lookup through the API's own data source settings.
DefaultTypeMap.MatchNamesWithUnderscores = true;
var builder = WebApplication.CreateSlimBuilder(args);
var settings = builder.Configuration.GetSection(ApiDatabaseSettings.Section).Get<ApiDatabaseSettings>() ?? new ApiDatabaseSettings();
var db = ApiDataSource.Create(builder.Configuration.GetConnectionString(DatabaseDefaults.ApiConnectionName), settings);
builder.Services.AddSingleton(db);
var app = builder.Build();

var releaseName = app.Configuration["Baseline:Release"] ?? throw new InvalidOperationException("set Baseline__Release to a published release name");
int releaseId;
await using (var connection = await db.OpenConnectionAsync())
{
    releaseId = await connection.QuerySingleOrDefaultAsync<int?>("SELECT id FROM stats.published_release WHERE name = @releaseName", new { releaseName })
        ?? throw new InvalidOperationException($"release '{releaseName}' not found");
}

app.MapGet("/hello", () => "hello");

app.MapGet("/lookup", async (string code, NpgsqlDataSource data, CancellationToken ct) =>
{
    await using var connection = await data.OpenConnectionAsync(ct);
    var row = await connection.QuerySingleOrDefaultAsync<RegionStatRow>(new CommandDefinition("""
        SELECT region_code, level, parent_code, families_total, persons_total,
               families_by_tier, persons_by_tier, families_by_decile, persons_by_decile
          FROM stats.region_stat WHERE release_id = @releaseId AND region_code = @code
        """, new { releaseId, code }, cancellationToken: ct));
    return row is null ? Results.NotFound() : Results.Ok(row);
});

app.Run();

// Properties, not a positional record: Dapper maps array columns onto settable members only.
internal sealed class RegionStatRow
{
    public string RegionCode { get; init; } = "";
    public short Level { get; init; }
    public string? ParentCode { get; init; }
    public int FamiliesTotal { get; init; }
    public int PersonsTotal { get; init; }
    public int[] FamiliesByTier { get; init; } = [];
    public int[] PersonsByTier { get; init; } = [];
    public int[] FamiliesByDecile { get; init; } = [];
    public int[] PersonsByDecile { get; init; } = [];
}
