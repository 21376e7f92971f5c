namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Server-side cache of hot statistics queries. Entries live a minute, so a switch of the latest release shows
/// within a minute; responses naming a release never change anyway. OutputCache:Enabled=false turns it off
/// (benchmarks of the uncached path).
/// </summary>
public static class OutputCaching
{
    public const string StatisticsPolicy = "statistics";

    public static void AddRegsosekOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue("OutputCache:Enabled", true);
        services.AddOutputCache(options =>
        {
            // Published rows are kept in memory below it (PublishedRowCache), so this cache only saves serialising them
            // again: a small share of hot answers is worth it, 256 MB of mostly one-off URLs was not (soak: RSS 700 MB).
            options.SizeLimit = configuration.GetValue<long>("OutputCache:SizeLimitBytes", 64L * 1024 * 1024);
            options.AddPolicy(StatisticsPolicy, policy =>
            {
                if (!enabled)
                {
                    policy.NoCache();
                    return;
                }
                policy.SetVaryByQuery("*").SetVaryByHeader("Accept").Expire(HttpCaching.LatestMaxAge);
            });
        });
    }
}
