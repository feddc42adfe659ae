using System.Collections.Concurrent;
using Npgsql;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// The connections a <see cref="GroupCommitQueue{TItem,TResult}"/>'s writers keep open between batches: each batch
/// meets a server process that has its statement prepared and its caches warm, rather than whichever pooled connection
/// had been idle longest (Npgsql's pool hands them out first in, first out), and no pool reset runs between batches. A
/// connection whose batch failed is not kept (it may be broken, or its transaction aborted); the next batch opens a
/// fresh one.
/// </summary>
public sealed class WriterConnections(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly ConcurrentBag<NpgsqlConnection> _open = [];

    /// <summary>Runs <paramref name="write"/> on a kept connection (or a new one), and keeps the connection if it succeeded.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var connection = _open.TryTake(out var open) ? open : await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        T result;
        try
        {
            result = await write(connection).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _open.Add(connection);
        return result;
    }

    /// <summary>Closes the kept connections; call it after the writers stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        while (_open.TryTake(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
