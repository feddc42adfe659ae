using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Audits what the gateway refuses before anyone is authenticated — failed sign-ins, unverified webhooks, requests
/// over a rate limit — without letting a stranger grow an append-only log at will or slow anybody down:
/// <list type="bullet">
/// <item>each log (a tenant's, when the refusal names an existing tenant; the operator log otherwise) takes up to
/// <see cref="GatewayOptions.RejectionAuditsPerMinute"/> refusals a minute one by one, whatever their kind, each with
/// its coarse source (IPv4 /24, IPv6 /48); the rest are counted per operation and group (e.g. channel and reason), and
/// once a minute (and when the gateway stops) one <c>{operation}-suppressed</c> event per group records the count and
/// since when. Nothing is lost from the trail: every refusal is an event of its own or counted in a summary; and a
/// stranger adds at most the budget plus one summary per group and minute to a tenant's log.</item>
/// <item>the request never waits for the audit write: events go through a bounded queue to one writer, in order.
/// A refusal therefore takes the same time whichever log it lands in (existence is not told by timing), and a
/// full queue counts instead of blocking.</item>
/// </list>
/// </summary>
public sealed partial class RejectionAudit(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time, ILogger<RejectionAudit> logger)
    : BackgroundService
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _audited = new(StringComparer.Ordinal);
    private readonly Dictionary<Budget, Suppressed> _suppressed = [];
    private readonly Channel<(Budget Budget, IReadOnlyDictionary<string, string> Group, AuditEntry Entry)> _queue =
        Channel.CreateBounded<(Budget, IReadOnlyDictionary<string, string>, AuditEntry)>(
        new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _pending;

    /// <summary>
    /// Records one refusal in <paramref name="log"/> (a tenant id or <see cref="GrainKeys.OperatorTenant"/>).
    /// <paramref name="group"/> names what summaries are counted by (channel, reason: never caller-chosen values such as
    /// an invented tenant id); <paramref name="resource"/> and <paramref name="extra"/> appear only in one-by-one events.
    /// </summary>
    public void Record(string log, string operation, IReadOnlyDictionary<string, string> group, string? resource = null,
        IReadOnlyDictionary<string, string>? extra = null, string outcome = AuditOutcomes.Failure, string? source = null)
    {
        var budget = new Budget(log, operation, Canonical(group));
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _audited.Clear();
            }

            var audited = _audited.GetValueOrDefault(log);
            if (audited < options.Value.RejectionAuditsPerMinute)
            {
                var details = new Dictionary<string, string>(group);
                foreach (var (name, value) in extra ?? new Dictionary<string, string>())
                {
                    details[name] = value;
                }

                if (source is not null)
                {
                    details["source"] = source;
                }

                if (_queue.Writer.TryWrite((budget, group, new AuditEntry(operation, outcome, resource, details))))
                {
                    _audited[log] = audited + 1;
                    Interlocked.Increment(ref _pending);
                    return;
                }
            }

            CountLocked(budget, group, 1, now);
        }
    }

    /// <summary>Waits until every queued event is written (tests, shutdown).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _pending) > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Writes one summary event for each group with refusals counted but not yet audited.</summary>
    public async Task FlushAsync()
    {
        List<(Budget Budget, Suppressed Held)> pending;
        lock (_lock)
        {
            pending = [.. _suppressed.Select(p => (p.Key, p.Value))];
            _suppressed.Clear();
        }

        try
        {
            while (pending.Count > 0)
            {
                var (budget, held) = pending[^1];
                var details = new Dictionary<string, string>(held.Group)
                {
                    ["count"] = held.Count.ToString(CultureInfo.InvariantCulture),
                    ["since"] = held.Since.ToString("O", CultureInfo.InvariantCulture),
                };
                await AppendAsync(budget.Log, new AuditEntry(budget.Operation + "-suppressed", AuditOutcomes.Failure, null, details));
                pending.RemoveAt(pending.Count - 1);
            }
        }
        finally
        {
            // What could not be written (the audit log unavailable) is counted again, for the next flush.
            lock (_lock)
            {
                foreach (var (budget, held) in pending)
                {
                    CountLocked(budget, held.Group, held.Count, held.Since);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flusher = FlushEveryMinuteAsync(stoppingToken);
        await foreach (var (budget, group, entry) in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await AppendAsync(budget.Log, entry);
            }
#pragma warning disable CA1031 // an event that cannot be written is counted into the next summary, never dropped silently
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogNotWritten(logger, entry.Operation, exception);
                lock (_lock)
                {
                    CountLocked(budget, group, 1, time.GetUtcNow());
                }
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }

        await flusher;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync();
        }
#pragma warning disable CA1031 // the gateway is stopping; the counts that could not be written are reported in the log line
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogNotWritten(logger, "summary", exception);
        }
    }

    private async Task FlushEveryMinuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Window, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync();
                }
#pragma warning disable CA1031 // the counts stay for the next flush; a failed flush must not stop the gateway
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    LogNotWritten(logger, "summary", exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the final flush follows in StopAsync.
        }
    }

    private Task AppendAsync(string log, AuditEntry entry) =>
        CallerContext.RunAsAsync(CallerContext.Gateway(null), () => grains.GetAuditLogGrain(log).AppendAsync(entry));

    private void CountLocked(Budget budget, IReadOnlyDictionary<string, string> group, int count, DateTimeOffset since) =>
        _suppressed[budget] = _suppressed.TryGetValue(budget, out var held)
            ? held with { Count = held.Count + count, Since = held.Since < since ? held.Since : since }
            : new Suppressed(group, count, since);

    private static string Canonical(IReadOnlyDictionary<string, string> group) =>
        string.Join('\n', group.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A refusal ({Operation}) could not be audited now; it is counted into the next summary")]
    private static partial void LogNotWritten(ILogger logger, string operation, Exception exception);

    private readonly record struct Budget(string Log, string Operation, string Group);

    private sealed record Suppressed(IReadOnlyDictionary<string, string> Group, int Count, DateTimeOffset Since);
}
