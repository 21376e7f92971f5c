using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Data.Database;

namespace Regsosek.Api.Infrastructure;

/// <summary>Configuration section <c>ConcurrencyLimits</c>: how many API requests may be in progress at once.</summary>
public sealed class ConcurrencyLimitSettings
{
    public const string Section = "ConcurrencyLimits";

    /// <summary>Connections of the pool kept out of the global bound: readiness probes and the start of a new request always find one.</summary>
    public const int ReservedConnections = 5;

    /// <summary>API requests one client address may have in progress; a browser opens six connections to a host.</summary>
    public int PerClient { get; set; } = 8;

    /// <summary>Further requests of that client that wait for one of those to finish; any more get 429 at once.</summary>
    public int PerClientQueue { get; set; } = 4;

    /// <summary>API requests in progress over all clients; unset: the pool size less <see cref="ReservedConnections"/>.</summary>
    public int? Global { get; set; }

    public int GlobalQueue { get; set; } = 200;

    /// <summary>The longest a request waits in either queue before it is refused.</summary>
    public int QueueSeconds { get; set; } = 5;

    public int GlobalLimit(ApiDatabaseSettings database) => Global ?? Math.Max(1, database.MaxPoolSize - ReservedConnections);
}

/// <summary>
/// The rate limit counts requests per minute; this counts requests in progress. Every API route may read the database
/// (and an export holds a connection for as long as its client takes to read it), so without it one address with 50
/// slow readers could take every pooled connection, and readiness and everyone else would wait. So one client has at
/// most <see cref="ConcurrencyLimitSettings.PerClient"/> requests in progress (429 beyond its queue), and all clients
/// together fewer than the pool has connections (503 beyond the queue), so a connection is always left over.
/// </summary>
public static class ConcurrencyLimitsExtensions
{
    public static void AddRegsosekConcurrencyLimits(this IServiceCollection services)
    {
        services.AddOptions<ConcurrencyLimitSettings>()
            .BindConfiguration(ConcurrencyLimitSettings.Section)
            .Validate(s => s.PerClient > 0 && s.PerClientQueue >= 0 && (s.Global is null or > 0) && s.GlobalQueue >= 0 && s.QueueSeconds > 0,
                "ConcurrencyLimits: PerClient, Global and QueueSeconds must be positive, the queues not negative.")
            .ValidateOnStart();
        services.AddSingleton<ConcurrencyLimits>();
    }

    /// <summary>After the rate limit (a client over it takes no slot), before the output cache (a slow reader of a cached answer holds one too).</summary>
    public static void UseRegsosekConcurrencyLimits(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<ConcurrencyLimits>();
        app.Use(limits.InvokeAsync);
    }
}

/// <summary>
/// Endpoint metadata of an operation that holds no database connection while it answers (a bulk file served from disk):
/// only the per-client bound applies to it, not the global one sized by the pool.
/// </summary>
public sealed class HoldsNoDatabaseConnection
{
    public static readonly HoldsNoDatabaseConnection Instance = new();

    private HoldsNoDatabaseConnection()
    {
    }
}

internal sealed class ConcurrencyLimits(IOptions<ConcurrencyLimitSettings> options, IConfiguration configuration) : IDisposable
{
    /// <summary>Slots free up as requests finish, usually within milliseconds; a client retries soon.</summary>
    private const int RetryAfterSeconds = 1;

    private readonly ConcurrencyLimitSettings _settings = options.Value;

    private readonly PartitionedRateLimiter<HttpContext> _perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        RateLimitPartition.GetConcurrencyLimiter(ClientAddress.Of(context), _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.PerClient,
            QueueLimit = options.Value.PerClientQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    private readonly ConcurrencyLimiter _global = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.GlobalLimit(configuration.GetSection(ApiDatabaseSettings.Section).Get<ApiDatabaseSettings>() ?? new ApiDatabaseSettings()),
        QueueLimit = options.Value.GlobalQueue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        using var client = await AcquireAsync(() => _perClient.AttemptAcquire(context), wait => _perClient.AcquireAsync(context, 1, wait), context);
        if (client is not { IsAcquired: true })
        {
            await RefuseAsync(context, Problems.TooManyConcurrentRequests(_settings.PerClient, RetryAfterSeconds));
            return;
        }
        // A download of a stored file is read from disk, never from the pool: the pool's bound does not apply to it.
        if (context.GetEndpoint()?.Metadata.GetMetadata<HoldsNoDatabaseConnection>() is not null)
        {
            await next(context);
            return;
        }
        using var global = await AcquireAsync(() => _global.AttemptAcquire(), wait => _global.AcquireAsync(1, wait), context);
        if (global is not { IsAcquired: true })
        {
            await RefuseAsync(context, Problems.ServiceAtCapacity(RetryAfterSeconds));
            return;
        }
        await next(context);
    }

    public void Dispose()
    {
        _perClient.Dispose();
        _global.Dispose();
    }

    /// <summary>
    /// A free slot at once (no timer, no allocation: the common case), else a place in the queue for at most
    /// QueueSeconds; null when that ran out or the client went away.
    /// </summary>
    private async Task<RateLimitLease?> AcquireAsync(Func<RateLimitLease> attempt, Func<CancellationToken, ValueTask<RateLimitLease>> queue, HttpContext context)
    {
        var lease = attempt();
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        wait.CancelAfter(TimeSpan.FromSeconds(_settings.QueueSeconds));
        try
        {
            return await queue(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task RefuseAsync(HttpContext context, ApiProblem problem)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await problem.ExecuteAsync(context);
    }
}
