using System.Runtime.CompilerServices;
using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Grains.Audit;

/// <summary>The embedded node's audit store: the same chain and retention rules as PostgreSQL, kept in process memory.</summary>
public sealed class InMemoryAuditStore(TimeProvider time) : IAuditStore
{
    private readonly Dictionary<string, List<AuditEvent>> _logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditHorizon> _horizons = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => AppendManyAsync([auditEvent], cancellationToken);

    public Task AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Every link is checked before any is added, so a batch is stored whole or not at all.
            var log = _logs.GetValueOrDefault(auditEvents.Count == 0 ? string.Empty : auditEvents[0].TenantId) ?? [];
            var previous = log.Count == 0 ? AuditChain.Genesis : log[^1].Hash;
            // Retention never removes the newest event, so a log that had events keeps its head.
            var expected = log.Count == 0 ? 1 : log[^1].Sequence + 1;
            foreach (var auditEvent in auditEvents)
            {
                if (auditEvent.TenantId != auditEvents[0].TenantId || auditEvent.Sequence != expected || !previous.AsSpan().SequenceEqual(auditEvent.PreviousHash))
                {
                    throw new InvalidOperationException("The audit event does not chain onto the stored head.");
                }

                (previous, expected) = (auditEvent.Hash, expected + 1);
            }

            if (auditEvents.Count > 0)
            {
                log.AddRange(auditEvents);
                _logs[auditEvents[0].TenantId] = log;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadTenantIdsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _logs.Keys]);
        }
    }

    public Task<AuditEvent?> ReadHeadAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_logs.TryGetValue(tenantId, out var log) && log.Count > 0 ? log[^1] : null);
        }
    }

    public Task<IReadOnlyList<AuditEvent>> ReadAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEvent> page = _logs.TryGetValue(tenantId, out var log)
                ? log.Where(e => e.Sequence > afterSequence).Take(limit).ToArray()
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<AuditEvent>> ReadBeforeAsync(string tenantId, long beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEvent> page = _logs.TryGetValue(tenantId, out var log)
                ? log.Where(e => e.Sequence < beforeSequence).OrderByDescending(e => e.Sequence).Take(limit).ToArray()
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<AuditEvent>> ReadAboutAsync(string tenantId, IReadOnlyList<string> resources, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var wanted = resources.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            IReadOnlyList<AuditEvent> page = _logs.TryGetValue(tenantId, out var log)
                ? log.Where(e => e.Sequence > afterSequence && e.Resource is not null && wanted.Contains(e.Resource)).Take(limit).ToArray()
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<long?> LastSequenceBeforeAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_logs.TryGetValue(tenantId, out var log) ? log.LastOrDefault(e => e.OccurredAt < before)?.Sequence : null);
        }
    }

    public Task<long> ExpireAsync(string tenantId, long upToSequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_logs.TryGetValue(tenantId, out var log) || log.Count == 0 || upToSequence >= log[^1].Sequence)
            {
                throw new InvalidOperationException("Audit retention never removes the newest event.");
            }

            var removed = log.TakeWhile(e => e.Sequence <= upToSequence).ToList();
            if (removed.Count == 0 || removed[^1].Sequence != upToSequence)
            {
                throw new InvalidOperationException("The last event to remove is not stored.");
            }

            var now = time.GetUtcNow();
            if (removed.Any(e => e.OccurredAt > now - AuditChain.MinimumRetention))
            {
                throw new InvalidOperationException("Audit retention never removes events younger than one day.");
            }

            log.RemoveRange(0, removed.Count);
            _horizons[tenantId] = new AuditHorizon(upToSequence, Convert.ToHexStringLower(removed[^1].Hash), removed.Count, AuditChain.ToStoredPrecision(now));
            return Task.FromResult((long)removed.Count);
        }
    }

    public Task<AuditHorizon?> ReadHorizonAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_horizons.GetValueOrDefault(tenantId));
        }
    }

    public async IAsyncEnumerable<AuditEvent> ReadAllAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AuditEvent[] snapshot;
        lock (_gate)
        {
            snapshot = _logs.TryGetValue(tenantId, out var log) ? [.. log] : [];
        }

        foreach (var auditEvent in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return auditEvent;
        }

        await Task.CompletedTask;
    }
}
