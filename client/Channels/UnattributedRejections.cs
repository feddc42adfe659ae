using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// Bounds what rejections nobody can be held to (before a signature is verified: unknown tenants, integrations not
/// connected, rate-limited or oversized deliveries) write to the operator's audit log, so a scanner cannot grow it
/// at will. Each gateway audits up to <see cref="WebhookOptions.UnattributedAuditsPerMinute"/> of them a minute per
/// channel and reason one by one; beyond that it counts, and <see cref="FlushAsync"/> (every minute, and when the
/// gateway stops) writes one <c>webhook.reject-suppressed</c> event per channel and reason with the count. Nothing
/// is lost from the trail: every rejection is either an event of its own or counted in a summary.
/// </summary>
public sealed class UnattributedRejections(IGrainFactory grains, IOptions<WebhookOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Channel, string Reason), int> _audited = [];
    private readonly Dictionary<(string Channel, string Reason), (int Count, DateTimeOffset Since)> _suppressed = [];
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;

    /// <summary>Writes this rejection to the operator log, or counts it when the minute's budget is spent.</summary>
    public async Task AuditAsync(string? tenantId, string channel, string reason)
    {
        if (!TryAdmit(channel, reason))
        {
            return;
        }

        var details = new Dictionary<string, string> { ["channel"] = channel, ["reason"] = reason };
        if (tenantId is not null)
        {
            details["tenant"] = tenantId;
        }

        CallerContext.Current = CallerContext.Gateway(null);
        await grains.GetAuditLogGrain(GrainKeys.OperatorTenant).AppendAsync(new AuditEntry("webhook.reject", AuditOutcomes.Failure, null, details));
    }

    /// <summary>Writes one summary event for each channel and reason with rejections counted but not yet audited.</summary>
    public async Task FlushAsync()
    {
        List<((string Channel, string Reason) Key, (int Count, DateTimeOffset Since) Value)> pending;
        lock (_lock)
        {
            pending = [.. _suppressed.Select(p => (p.Key, p.Value))];
            _suppressed.Clear();
        }

        try
        {
            CallerContext.Current = CallerContext.Gateway(null);
            while (pending.Count > 0)
            {
                var ((channel, reason), (count, since)) = pending[^1];
                await grains.GetAuditLogGrain(GrainKeys.OperatorTenant).AppendAsync(new AuditEntry("webhook.reject-suppressed", AuditOutcomes.Failure, null,
                    new Dictionary<string, string>
                    {
                        ["channel"] = channel,
                        ["reason"] = reason,
                        ["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["since"] = since.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    }));
                pending.RemoveAt(pending.Count - 1);
            }
        }
        finally
        {
            // What could not be written (the audit log unavailable) is counted again, for the next flush.
            lock (_lock)
            {
                foreach (var (key, (count, since)) in pending)
                {
                    _suppressed[key] = _suppressed.TryGetValue(key, out var later) ? (later.Count + count, since) : (count, since);
                }
            }
        }
    }

    private bool TryAdmit(string channel, string reason)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _audited.Clear();
            }

            var key = (channel, reason);
            var audited = _audited.GetValueOrDefault(key);
            if (audited < options.Value.UnattributedAuditsPerMinute)
            {
                _audited[key] = audited + 1;
                return true;
            }

            _suppressed[key] = _suppressed.TryGetValue(key, out var held) ? (held.Count + 1, held.Since) : (1, now);
            return false;
        }
    }

    /// <summary>Flushes the counts every minute and once more when the gateway stops.</summary>
    public sealed class Flusher(UnattributedRejections rejections) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(Window);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await FlushQuietlyAsync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the final flush follows in StopAsync.
            }
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken);
            await FlushQuietlyAsync();
        }

        private async Task FlushQuietlyAsync()
        {
            try
            {
                await rejections.FlushAsync();
            }
#pragma warning disable CA1031 // the counts stay for the next flush; a failed flush must not stop the gateway
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
