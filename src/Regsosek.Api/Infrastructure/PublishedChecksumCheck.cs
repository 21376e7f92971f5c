using Npgsql;
using Regsosek.Data.Statistics;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Published numbers never change: clients cache a named release for a day and cite it. A published release
/// whose values no longer match the checksum stored at publish time was altered afterwards, and the API refuses
/// to start rather than serve numbers nobody published (it does not start and mark itself unhealthy, because a
/// healthy-looking process would still answer every request that reaches it directly).
/// </summary>
internal sealed class PublishedChecksumCheck(NpgsqlDataSource db) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AlteredRelease> altered;
        try
        {
            altered = await ReleaseChecksum.FindAlteredAsync(db, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseNotReadyException($"cannot verify the published releases ({e.Message})");
        }
        if (altered.Count > 0)
        {
            var names = string.Join(", ", altered.Select(r => $"'{r.Name}' (id {r.Id})"));
            throw new DatabaseNotReadyException(
                $"published values of release {names} no longer match the checksum stored at publish; refusing to serve altered numbers " +
                "(restore stats.region_stat from a backup, or rebuild with: regsosek publish --release NAME)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
