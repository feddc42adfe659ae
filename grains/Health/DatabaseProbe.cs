using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Omniops.Actors.Grains.Health;

/// <summary>
/// Whether this silo's PostgreSQL answers a <c>SELECT 1</c> within <see cref="Timeout"/>, asked at most once every
/// <see cref="CacheFor"/> however often readiness polls (every caller in that window shares one check). A silo without a
/// data source (the embedded node, everything in memory) always counts as reachable.
/// </summary>
public sealed class DatabaseProbe(IServiceProvider services, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly NpgsqlDataSource? _dataSource = services.GetService<NpgsqlDataSource>();
    private readonly Lock _gate = new();
    private Task<bool>? _last;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public Task<bool> IsReachableAsync()
    {
        if (_dataSource is null)
        {
            return Task.FromResult(true);
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is null || (_last.IsCompleted && now - _checkedAt >= CacheFor))
            {
                _checkedAt = now;
                _last = CheckAsync(_dataSource);
            }

            return _last;
        }
    }

    private static async Task<bool> CheckAsync(NpgsqlDataSource dataSource)
    {
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
