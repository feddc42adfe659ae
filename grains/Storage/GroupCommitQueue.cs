using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Group commit: writes from every grain of the silo queue up, and each writer takes whatever has gathered (up to
/// <c>maxBatch</c>) and stores it in one transaction, so many concurrent writes cost about one commit, not one each.
/// A write's task completes only after its transaction committed. With <c>writers</c> above one, batches overlap
/// (one executes while the next gathers); callers that need order across their own writes keep at most one in
/// flight. If a batch fails, its items are retried in groups (<c>retryGroup</c>), one transaction per group, so one
/// bad item fails only its group.
/// </summary>
public sealed partial class GroupCommitQueue<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _writeBatch;
    private readonly Func<TItem, string> _retryGroup;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    public GroupCommitQueue(
        Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> writeBatch,
        Func<TItem, string> retryGroup,
        int maxBatch,
        int writers,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        (_writeBatch, _retryGroup, _maxBatch, _logger) = (writeBatch, retryGroup, maxBatch, logger);
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync))];
    }

    /// <summary>Queues <paramref name="item"/>; completes with its result once its batch committed.</summary>
    public Task<TResult> EnqueueAsync(TItem item)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.FromException<TResult>(new ObjectDisposedException(nameof(GroupCommitQueue<TItem, TResult>)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                Complete(batch, await _writeBatch([.. batch.Select(p => p.Item)]).ConfigureAwait(false));
            }
            catch (Exception batchFailure)
            {
                LogBatchFailed(_logger, batch.Count, batchFailure);
                await RetryInGroupsAsync(batch).ConfigureAwait(false);
            }

            batch.Clear();
        }
    }

    private async Task RetryInGroupsAsync(List<Pending> batch)
    {
        foreach (var group in batch.GroupBy(p => _retryGroup(p.Item), StringComparer.Ordinal))
        {
            var items = group.ToList();
            try
            {
                Complete(items, await _writeBatch([.. items.Select(p => p.Item)]).ConfigureAwait(false));
            }
            catch (Exception failure)
            {
                LogGroupFailed(_logger, items.Count, failure);
                items.ForEach(p => p.Done.TrySetException(failure));
            }
        }
    }

    private static void Complete(List<Pending> batch, IReadOnlyList<TResult> results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(results[i]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} writes failed; retrying in groups")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} writes could not be stored")]
    private static partial void LogGroupFailed(ILogger logger, int count, Exception exception);

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Done);
}
