using Orleans.Concurrency;
using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Security;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// A tenant's audit chain head. Appends are sealed in the grain's turn (so sequence and chain order are fixed
/// synchronously) and then awaited in the store's group commit; the grain is reentrant so that concurrent appends
/// share commits. After a failed append the head is reloaded from storage before the next one.
/// </summary>
[Reentrant]
public sealed partial class AuditLogGrain(
    IAuditStore store,
    AuditKeys keys,
    AuditSigner signer,
    [PersistentState(StateNames.AuditCheckpoint, StorageNames.Main)] IPersistentState<AuditCheckpointState> checkpoints,
    TimeProvider time,
    ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain
{
    private const int MaxPage = 500;
    private const int MaxFieldLength = 200;
    private const int MaxPersonalResources = 2000;

    private string _tenantId = string.Empty;
    private byte[]? _hmacKey;
    private byte[]? _chainKey;
    private long _sequence;
    private long _durableSequence;
    private byte[] _head = AuditChain.Genesis;
    private Task? _reload;
    private bool _stale = true;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenantId = this.GetPrimaryKeyString();
        return Task.CompletedTask;
    }

    public async Task<AuditReceipt> AppendAsync(AuditEntry entry) => (await AppendCoreAsync([entry]))[0];

    public async Task<IReadOnlyList<AuditReceipt>> AppendManyAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (entries is null || entries.Count > IAuditLogGrain.MaxBatch)
        {
            throw new RequestValidationException($"Append at most {IAuditLogGrain.MaxBatch} audit entries at once.");
        }

        return entries.Count == 0 ? [] : await AppendCoreAsync(entries);
    }

    /// <summary>
    /// Seals the entries as consecutive links in this turn (every one validated first, so a bad entry stores none) and
    /// stores them in one transaction: all durable, or none and the head reloaded before the next append.
    /// </summary>
    private async Task<IReadOnlyList<AuditReceipt>> AppendCoreAsync(IReadOnlyList<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            Validate(entry);
        }

        var caller = CallerContext.Current ?? throw new AccessDeniedException("The call carries no authenticated caller.");
        if (_stale)
        {
            try
            {
                await ReloadHeadAsync();
            }
            catch (AuditUnavailableException)
            {
                AuditMetrics.Failed();
                throw;
            }
        }

        // Loaded at the first append, not at activation: reading or verifying a log creates no tenant keys.
        _hmacKey ??= await keys.ForTenantAsync(_tenantId);
        _chainKey ??= await keys.ChainKeyAsync(_tenantId);

        var now = time.GetUtcNow();
        var sealedEvents = new AuditEvent[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            sealedEvents[i] = AuditChain.Seal(_tenantId, _sequence + 1, now, caller, entries[i], _head, _hmacKey, _chainKey);
            (_sequence, _head) = (sealedEvents[i].Sequence, sealedEvents[i].Hash);
        }

        try
        {
            if (sealedEvents.Length == 1)
            {
                await store.AppendAsync(sealedEvents[0]);
            }
            else
            {
                await store.AppendManyAsync(sealedEvents);
            }
        }
        catch (Exception exception)
        {
            _stale = true;
            AuditMetrics.Failed();
            LogAppendFailed(logger, _tenantId, sealedEvents[0].Sequence, exception);
            throw new AuditUnavailableException("The audit trail could not record the event.");
        }

        _durableSequence = Math.Max(_durableSequence, sealedEvents[^1].Sequence);
        var receipts = new AuditReceipt[sealedEvents.Length];
        for (var i = 0; i < sealedEvents.Length; i++)
        {
            AuditMetrics.Appended();
            receipts[i] = new AuditReceipt(sealedEvents[i].Sequence, Convert.ToHexStringLower(sealedEvents[i].Hash));
        }

        return receipts;
    }

    public Task<IReadOnlyList<AuditEvent>> ReadAsync(long afterSequence, int limit) =>
        store.ReadAsync(_tenantId, Math.Max(0, afterSequence), Math.Clamp(limit, 1, MaxPage));

    public Task<IReadOnlyList<AuditEvent>> ReadLatestAsync(long beforeSequence, int limit) =>
        store.ReadBeforeAsync(_tenantId, beforeSequence <= 0 ? long.MaxValue : beforeSequence, Math.Clamp(limit, 1, MaxPage));

    public async Task<IReadOnlyList<AuditEvent>> ReadAboutAsync(IReadOnlyList<string> personalResources, long afterSequence, int limit)
    {
        if (personalResources is null || personalResources.Count > MaxPersonalResources ||
            personalResources.Any(r => string.IsNullOrEmpty(r) || r.Length > MaxFieldLength))
        {
            throw new RequestValidationException("Name at most 2,000 refs of at most 200 characters each.");
        }

        // An empty log has nothing about anyone, and reading creates no tenant keys.
        if (personalResources.Count == 0 || await store.ReadHeadAsync(_tenantId) is null)
        {
            return [];
        }

        _hmacKey ??= await keys.ForTenantAsync(_tenantId);
        var hashed = personalResources.Select(r => AuditChain.PersonalResource(_hmacKey, r)).Distinct(StringComparer.Ordinal).ToArray();
        return await store.ReadAboutAsync(_tenantId, hashed, Math.Max(0, afterSequence), Math.Clamp(limit, 1, MaxPage));
    }

    public async Task<long> ExpireAsync(DateTimeOffset before)
    {
        // Signed over the head first: a forged horizon or a deleted tail then still fails verify.
        var checkpoint = await SignHeadAsync();
        if (checkpoint is null)
        {
            return 0;
        }

        var last = await store.LastSequenceBeforeAsync(_tenantId, before);
        var upTo = Math.Min(last ?? 0, checkpoint.Sequence - 1);
        var removed = upTo > 0 && upTo > ((await store.ReadHorizonAsync(_tenantId))?.Sequence ?? 0)
            ? await store.ExpireAsync(_tenantId, upTo)
            : 0;
        await AppendAsync(new AuditEntry("audit.expire", AuditOutcomes.Success, null, new Dictionary<string, string>
        {
            ["removed"] = removed.ToString(CultureInfo.InvariantCulture),
            ["upTo"] = (removed > 0 ? upTo : 0).ToString(CultureInfo.InvariantCulture),
        }));
        return removed;
    }

    public Task<AuditCheckpoint?> CheckpointAsync() => SignHeadAsync();

    /// <summary>The latest checkpoint; before the first, one is signed now (the same as the operator's or the timer's).</summary>
    public async Task<AuditCheckpoint?> LatestCheckpointAsync() =>
        (checkpoints.State.Latest ?? await SignHeadAsync()) is { } latest ? latest with { PublicKeyPem = signer.PublicKeyPem } : null;

    private async Task<AuditCheckpoint?> SignHeadAsync()
    {
        var (sequence, hash) = !_stale && _sequence > 0 && _durableSequence == _sequence
            ? (_sequence, _head)
            : await ReadVerifiedHeadAsync() is { } head ? (head.Sequence, head.Hash) : (0L, []);
        if (sequence == 0)
        {
            return null;
        }

        if (sequence < CheckpointedSequence())
        {
            // Never sign below what was signed before.
            throw new AuditUnavailableException("The audit trail's head falls below its last checkpoint; no checkpoint was signed.");
        }

        var checkpoint = signer.Sign(_tenantId, sequence, hash, time.GetUtcNow());
        checkpoints.State.Latest = checkpoint;
        await checkpoints.WriteStateAsync();
        return checkpoint;
    }

    /// <summary>
    /// The stored head, recomputed under the chain key: the head to sign when this activation has not itself just made
    /// the head durable (then it signs the event it sealed and stored, with no read: every append since the last
    /// reload went through this activation, and none is still in flight).
    /// </summary>
    private async Task<AuditEvent?> ReadVerifiedHeadAsync()
    {
        var head = await store.ReadHeadAsync(_tenantId);
        if (head is null)
        {
            return null;
        }

        _chainKey ??= await keys.ChainKeyAsync(_tenantId);
        if (!AuditChain.ComputeHash(head, _chainKey, new ArrayBufferWriter<byte>(512)).AsSpan().SequenceEqual(head.Hash))
        {
            // Never sign over a head that does not verify.
            throw new AuditUnavailableException("The audit trail's head does not verify; no checkpoint was signed.");
        }

        return head;
    }

    public async Task<AuditVerification> VerifyAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        // After retention the chain begins at the newest horizon: the first remaining event must name its hash.
        var horizon = await store.ReadHorizonAsync(_tenantId);
        var previous = horizon is null ? AuditChain.Genesis : Convert.FromHexString(horizon.Hash);
        var start = horizon?.Sequence ?? 0;
        var expected = start + 1;
        var checkpoint = checkpoints.State.Latest;
        if (checkpoint is not null && !signer.Verifies(checkpoint))
        {
            return new AuditVerification(false, 0, null, checkpoint.Sequence, "the stored checkpoint's signature does not verify", horizon);
        }

        await foreach (var e in store.ReadAllAsync(_tenantId))
        {
            // Events exist, so the tenant's keys do: deriving the chain key creates none.
            _chainKey ??= await keys.ChainKeyAsync(_tenantId);
            var problem =
                e.Sequence != expected ? $"event {expected} is missing" :
                !e.PreviousHash.AsSpan().SequenceEqual(previous) ? "the link to the previous event is broken" :
                !AuditChain.ComputeHash(e, _chainKey, buffer).AsSpan().SequenceEqual(e.Hash) ? "the event's content does not match its hash" :
                checkpoint is not null && e.Sequence == checkpoint.Sequence && !e.Hash.AsSpan().SequenceEqual(checkpoint.Hash) ? "the event differs from the signed checkpoint" :
                null;
            if (problem is not null)
            {
                return new AuditVerification(false, expected - 1 - start, Hex(previous, expected - 1), expected, problem, horizon);
            }

            previous = e.Hash;
            expected++;
        }

        var last = expected - 1;
        if (last < Math.Max(_durableSequence, CheckpointedSequence()))
        {
            return new AuditVerification(false, last - start, Hex(previous, last), last + 1, $"events after {last} are missing", horizon);
        }

        return new AuditVerification(true, last - start, Hex(previous, last), null, null, horizon);
    }

    private Task ReloadHeadAsync()
    {
        if (_reload is null || _reload.IsCompleted)
        {
            _reload = ReloadCoreAsync();
        }

        return _reload;

        async Task ReloadCoreAsync()
        {
            try
            {
                var head = await store.ReadHeadAsync(_tenantId);
                var stored = head?.Sequence ?? 0;
                var floor = Math.Max(_durableSequence, CheckpointedSequence());
                if (stored < floor)
                {
                    // Events this activation saw committed, or a signed checkpoint covers, are gone: continuing would
                    // reuse their sequence numbers and bury the deletion. Refuse every append until an operator looks.
                    LogTruncated(logger, _tenantId, floor, stored);
                    throw new AuditUnavailableException("The audit trail could not record the event.");
                }

                (_sequence, _head) = head is null ? (0, AuditChain.Genesis) : (head.Sequence, head.Hash);
                _durableSequence = _sequence;
                _stale = false;
            }
            catch (Exception exception) when (exception is not AuditUnavailableException)
            {
                LogAppendFailed(logger, _tenantId, _sequence + 1, exception);
                throw new AuditUnavailableException("The audit trail could not record the event.");
            }
        }
    }

    /// <summary>The sequence of the latest checkpoint whose signature verifies (0 without one).</summary>
    private long CheckpointedSequence() =>
        checkpoints.State.Latest is { } latest && signer.Verifies(latest) ? latest.Sequence : 0;

    private static string? Hex(byte[] hash, long count) => count == 0 ? null : Convert.ToHexStringLower(hash);

    private static void Validate(AuditEntry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Operation) || entry.Operation.Length > MaxFieldLength ||
            string.IsNullOrWhiteSpace(entry.Outcome) || entry.Outcome.Length > MaxFieldLength ||
            entry.Resource?.Length > MaxFieldLength)
        {
            throw new RequestValidationException("An audit entry needs an operation and an outcome of at most 200 characters.");
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit chain of tenant {TenantId} truncated: event {Durable} was committed but the stored head is {Stored}; appends refused")]
    private static partial void LogTruncated(ILogger logger, string tenantId, long durable, long stored);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit append {Sequence} for tenant {TenantId} failed")]
    private static partial void LogAppendFailed(ILogger logger, string tenantId, long sequence, Exception exception);
}
