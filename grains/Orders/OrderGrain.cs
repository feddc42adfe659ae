using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;
using Orleans.Serialization;

namespace Omniops.Actors.Grains.Orders;

/// <summary>
/// One order: the newest snapshot the shop sent and every refund, sealed under the ordering customer's subject key
/// (erasing the customer shreds their orders too). Each delivery id is applied once — the record of applied ids is
/// in the same state row as the data, so "applied" and "recorded as applied" cannot diverge. Snapshots older than
/// the one held are recorded but do not replace it (the shop's webhooks arrive out of order). Reads of the decrypted
/// order are audited (<c>order.read</c>, coalesced per actor) and fail closed. An event that arrives before its
/// order names a customer (a refund comes without one) is sealed under a key of the order's own; when the order first
/// names its customer, everything is re-sealed under the customer's key in one write and the order's key is then
/// destroyed, so no copy of the order outlives the customer's erasure.
/// </summary>
public sealed class OrderGrain(
    [PersistentState(StateNames.Order, StorageNames.Main)] IPersistentState<OrderState> state,
    SubjectKeyring subjectKeys,
    IGrainStatePurger purger,
    IOrderIndexStore index,
    Serializer serializer,
    TimeProvider time,
    IOptions<AuditOptions> auditOptions) : Grain, IOrderGrain
{
    private const int RememberedDeliveries = 256;
    private const int MaxRefunds = 1000;

    private static readonly TimeSpan IndexStep = TimeSpan.FromMinutes(1);

    private ReadAuditLedger? _reads;
    private bool _admitted;
    private (string? CustomerRef, DateTimeOffset At)? _indexed;

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string OrderId => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    private string GrainIdText => this.GetGrainId().ToString();

    public async Task<OrderEventResult> ApplyAsync(string channel, string? customerRef, OrderEvent orderEvent)
    {
        if (string.IsNullOrEmpty(orderEvent.DeliveryId) || orderEvent.DeliveryId.Length > InboundRules.MaxDeliveryIdLength || (customerRef is not null && !GrainKeys.IsValidId(customerRef)))
        {
            throw new RequestValidationException("The order event's ids are not valid.");
        }

        // A re-seal whose key destruction failed last time: finish it before anything else (a redelivery lands here).
        await DestroyRetiredKeyAsync();
        if (state.State.AppliedDeliveries.Contains(orderEvent.DeliveryId))
        {
            if (_indexed is null)
            {
                // The index touch after the first application may have failed: a redelivery repairs it.
                await TouchIndexAsync();
            }

            return new OrderEventResult(OrderId, Duplicate: true, Stale: false);
        }

        if (!state.State.Exists)
        {
            (state.State.Exists, state.State.Channel, state.State.SubjectId) = (true, channel, customerRef ?? OrderId);
        }

        if (customerRef is not null && state.State.CustomerRef is null)
        {
            state.State.CustomerRef = customerRef;
            _admitted = false;
        }

        if (state.State.CustomerRef is { } customer && !_admitted)
        {
            // Once per activation (idempotent): a customer being erased refuses, so no order is added to an erased subject.
            await GrainFactory.GetCustomerGrain(TenantId, customer).AddOrderAsync(OrderId);
            _admitted = true;
        }

        if (state.State.CustomerRef is { } owner && state.State.SubjectId != owner)
        {
            // The order now names its customer: what was held under the order's own key moves to the customer's.
            var ownerKey = await subjectKeys.GetOrCreateAsync(TenantId, owner);
            if (state.State.Snapshot is not null || state.State.Refunds.Count > 0)
            {
                var heldKey = await subjectKeys.GetAsync(TenantId, state.State.SubjectId);
                if (state.State.Snapshot is { } held)
                {
                    state.State.Snapshot = FieldCipher.Seal(ownerKey, GrainIdText, "snapshot", FieldCipher.Open(heldKey, GrainIdText, "snapshot", held));
                }

                for (var i = 0; i < state.State.Refunds.Count; i++)
                {
                    var field = "refund/" + state.State.RefundIds[i];
                    state.State.Refunds[i] = FieldCipher.Seal(ownerKey, GrainIdText, field, FieldCipher.Open(heldKey, GrainIdText, field, state.State.Refunds[i]));
                }
            }

            (state.State.RetiredSubjectId, state.State.SubjectId) = (state.State.SubjectId, owner);
        }

        var key = await subjectKeys.GetOrCreateAsync(TenantId, state.State.SubjectId);
        var stale = false;
        if (orderEvent.Snapshot is { } snapshot)
        {
            stale = state.State.SnapshotUpdatedAt >= snapshot.UpdatedAt;
            if (!stale)
            {
                state.State.Snapshot = FieldCipher.Seal(key, GrainIdText, "snapshot", serializer.SerializeToArray(snapshot));
                state.State.SnapshotUpdatedAt = snapshot.UpdatedAt;
            }
        }

        if (orderEvent.Refund is { } refund && !state.State.RefundIds.Contains(refund.ExternalRefundId) && state.State.Refunds.Count < MaxRefunds)
        {
            state.State.Refunds.Add(FieldCipher.Seal(key, GrainIdText, "refund/" + refund.ExternalRefundId, serializer.SerializeToArray(refund)));
            state.State.RefundIds.Add(refund.ExternalRefundId);
        }

        state.State.AppliedDeliveries.Add(orderEvent.DeliveryId);
        if (state.State.AppliedDeliveries.Count > RememberedDeliveries)
        {
            state.State.AppliedDeliveries.RemoveRange(0, state.State.AppliedDeliveries.Count - RememberedDeliveries);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not acknowledged: drop what this call changed in memory; the platform delivers again.
            await state.ReadStateAsync();
            throw new StoreUnavailableException("The order event could not be stored; it was not accepted. Deliver it again.");
        }

        await DestroyRetiredKeyAsync();
        await TouchIndexAsync();
        return new OrderEventResult(OrderId, Duplicate: false, Stale: stale);
    }

    public async Task<OrderView> GetAsync()
    {
        if (!state.State.Exists)
        {
            // Nothing stored: keep no activation behind for a made-up or mistyped id.
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        var key = await subjectKeys.GetAsync(TenantId, state.State.SubjectId);
        var (snapshot, refunds) = SealedOrders.Open(key, GrainIdText, serializer, state.State.Snapshot, state.State.Refunds, state.State.RefundIds);
        _reads ??= new ReadAuditLedger(auditOptions.Value.ReadAuditPeriod, time);
        await _reads.AuditAsync(GrainFactory, TenantId, "order.read", OrderId);
        return new OrderView(OrderId, state.State.CustomerRef, state.State.Channel, snapshot, refunds) { MerchantActions = [.. state.State.MerchantActions] };
    }

    public async Task<SealedOrderView> GetSealedAsync()
    {
        if (!state.State.Exists)
        {
            // Nothing stored: keep no activation behind for a made-up or mistyped id.
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        var held = new SealedOrderView(OrderId, state.State.CustomerRef, state.State.Channel, state.State.SubjectId,
            state.State.Snapshot is { } snapshot ? EncryptedFieldCodec.ToBytes(snapshot) : null,
            [.. state.State.Refunds.Select(EncryptedFieldCodec.ToBytes)], [.. state.State.RefundIds], [.. state.State.MerchantActions]);
        _reads ??= new ReadAuditLedger(auditOptions.Value.ReadAuditPeriod, time);
        await _reads.AuditAsync(GrainFactory, TenantId, "order.read", OrderId);
        return held;
    }

    public async Task<bool> EraseAsync()
    {
        var existed = state.State.Exists;
        // Keys of the order's own (a guest order, or one re-sealed whose old key is not destroyed yet): shredded too.
        foreach (var own in new[] { state.State.RetiredSubjectId, state.State.Exists && state.State.SubjectId != state.State.CustomerRef ? state.State.SubjectId : null })
        {
            if (own is not null)
            {
                await subjectKeys.DestroyAsync(TenantId, own);
            }
        }

        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        await purger.PurgeAsync(this.GetPrimaryKeyString());
        await index.DeleteAsync(TenantId, OrderId);
        state.State = new OrderState();
        (_reads, _admitted, _indexed) = (null, false, null);
        DeactivateOnIdle();
        return existed;
    }

    public async Task RecordMerchantActionAsync(string customerRef, MerchantAction action)
    {
        if (!state.State.Exists || state.State.CustomerRef is null || state.State.CustomerRef != customerRef)
        {
            throw new RequestValidationException("The order is not this customer's.");
        }

        if (state.State.MerchantActions.Any(a => a.ActionId == action.ActionId))
        {
            return;
        }

        if (state.State.MerchantActions.Count >= MaxRefunds)
        {
            throw new RequestValidationException("The order holds too many recorded actions.");
        }

        var key = await subjectKeys.GetAsync(TenantId, state.State.SubjectId);
        var snapshot = state.State.Snapshot is null ? null
            : serializer.Deserialize<OrderSnapshot>(FieldCipher.Open(key, GrainIdText, "snapshot", state.State.Snapshot));
        if (action.Kind == ActionKinds.Refund)
        {
            var refunds = state.State.Refunds.Select((sealedRefund, i) =>
                serializer.Deserialize<RefundRecord>(FieldCipher.Open(key, GrainIdText, "refund/" + state.State.RefundIds[i], sealedRefund))!);
            if (action.Amount is not > 0m || !string.Equals(action.Currency, snapshot?.Currency, StringComparison.OrdinalIgnoreCase) ||
                Refundable.Remaining(snapshot, refunds, state.State.MerchantActions) is not { } remaining || action.Amount > remaining)
            {
                throw new RequestValidationException("The refund exceeds what is left to refund on the order, or is not in the order's currency.");
            }
        }
        else if (action.Kind != ActionKinds.Cancellation || Refundable.IsCancelled(snapshot, state.State.MerchantActions))
        {
            throw new RequestValidationException("The order cannot be cancelled (it is cancelled already).");
        }

        state.State.MerchantActions.Add(action);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await state.ReadStateAsync();
            throw new StoreUnavailableException("The action could not be recorded on the order; try again.");
        }
    }

    /// <summary>
    /// Moves the order's index row (what retention pages through) forward, in steps of a minute like the conversation
    /// index: a burst of deliveries for one order costs one upsert. A failure fails the call after the state was
    /// stored, so the platform's redelivery (a duplicate then) touches the index again.
    /// </summary>
    private async Task TouchIndexAsync()
    {
        var now = time.GetUtcNow();
        if (_indexed is { } held && held.CustomerRef == state.State.CustomerRef && now - held.At < IndexStep)
        {
            return;
        }

        await index.UpsertAsync(TenantId, OrderId, state.State.CustomerRef, now);
        _indexed = (state.State.CustomerRef, now);
    }

    /// <summary>
    /// Destroys the order's own key once its data is stored under the customer's (the old ciphertext may linger in
    /// a backup or a dead row version; without its key it stays unreadable). Idempotent; a failure fails the call, and
    /// the platform's redelivery finishes the job.
    /// </summary>
    private async Task DestroyRetiredKeyAsync()
    {
        if (state.State.RetiredSubjectId is not { } retired)
        {
            return;
        }

        try
        {
            await subjectKeys.DestroyAsync(TenantId, retired);
            state.State.RetiredSubjectId = null;
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await state.ReadStateAsync();
            throw new StoreUnavailableException("The order event could not be stored; it was not accepted. Deliver it again.");
        }
    }
}
