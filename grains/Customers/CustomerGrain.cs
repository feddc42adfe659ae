using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;
using Orleans.Serialization;

namespace Omniops.Actors.Grains.Customers;

/// <summary>
/// One data subject. Contact details are sealed under the subject's own key (<see cref="SubjectKeyring"/>), bound to
/// this grain; the grain is written only when something changed, so a chat's every message costs no write here. Reads
/// of the decrypted details are audited (<c>customer.read</c>, coalesced per actor) and fail closed.
/// </summary>
public sealed class CustomerGrain(
    [PersistentState(StateNames.Customer, StorageNames.Main)] IPersistentState<CustomerState> state,
    SubjectKeyring subjectKeys,
    IGrainStatePurger purger,
    Serializer serializer,
    ISubjectIndexStore subjectIndex,
    SubjectDigests subjectDigests,
    TimeProvider time,
    IOptions<AuditOptions> auditOptions) : Grain, ICustomerGrain
{
    private const int MaxLegalHoldReason = 500;

    private DataKey? _key;
    private byte[]? _digestKey;
    private ReadAuditLedger? _reads;

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string CustomerRef => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    public async Task RecordContactAsync(string channel, ContactDetails contact)
    {
        if (new[] { contact.Name, contact.Email, contact.Phone }.Any(v => v is { Length: > InboundRules.MaxContactFieldLength }))
        {
            throw new RequestValidationException($"Contact details are limited to {InboundRules.MaxContactFieldLength} characters each.");
        }

        RefuseWhileErasing();
        var key = await KeyAsync();
        // A key of its own for the digest (HKDF from the subject key): one key, one purpose. The digest is of what the
        // channel last sent, so a repeat costs no decryption and no write.
        _digestKey ??= HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Material, 32, info: "omniops/contact-digest/v1"u8.ToArray());
        var digest = HMACSHA256.HashData(_digestKey, serializer.SerializeToArray(contact));
        var changed = !contact.IsEmpty && !CryptographicOperations.FixedTimeEquals(digest, state.State.ContactDigest);
        if (state.State.Exists && !changed)
        {
            return;
        }

        EncryptedField? sealedContact = null;
        if (changed)
        {
            // What the channel sends now wins; what it leaves out is kept (a later message may carry only a name).
            var held = Contact(key);
            var merged = new ContactDetails(contact.Name ?? held.Name, contact.Email ?? held.Email, contact.Phone ?? held.Phone, contact.ExternalRef ?? held.ExternalRef);
            sealedContact = FieldCipher.Seal(key, this.GetGrainId().ToString(), "contact", serializer.SerializeToArray(merged));
            // The index before the state: a failure leaves the state as it was, so the redelivery writes both again.
            await subjectIndex.ReplaceLookupsAsync(TenantId, CustomerRef, await subjectDigests.LookupsAsync(TenantId, merged));
        }

        await EnsureAsync(channel, indexed: !changed);
        if (sealedContact is not null)
        {
            state.State.Contact = sealedContact;
            state.State.ContactDigest = digest;
        }

        await state.WriteStateAsync();
    }

    public async Task AddConversationAsync(string conversationId)
    {
        RefuseWhileErasing();
        if (!state.State.ConversationIds.Contains(conversationId))
        {
            await EnsureAsync(channel: null);
            state.State.ConversationIds.Add(conversationId);
            await state.WriteStateAsync();
        }
    }

    public async Task AddOrderAsync(string orderId)
    {
        RefuseWhileErasing();
        if (!state.State.OrderIds.Contains(orderId))
        {
            await EnsureAsync(channel: null);
            state.State.OrderIds.Add(orderId);
            await state.WriteStateAsync();
        }
    }

    public async Task<CustomerView> GetAsync()
    {
        if (!state.State.Exists)
        {
            // Nothing stored: keep no activation behind for a made-up or mistyped ref.
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        // A read never makes a key: after the subject's key was destroyed it answers erased (410), not a fresh key
        // that opens nothing.
        var contact = state.State.Contact is null ? new ContactDetails(null, null, null) : Contact(_key ??= await subjectKeys.GetAsync(TenantId, CustomerRef));
        var view = new CustomerView(CustomerRef, state.State.Channel, contact, [.. state.State.ConversationIds], [.. state.State.OrderIds], state.State.CreatedAt);
        _reads ??= new ReadAuditLedger(auditOptions.Value.ReadAuditPeriod, time);
        await _reads.AuditAsync(GrainFactory, TenantId, "customer.read", CustomerRef);
        return view;
    }

    public async Task<string?> GetReplyAddressAsync()
    {
        if (!state.State.Exists || state.State.Contact is null)
        {
            return null;
        }

        // A read never makes a key: an erased subject answers erased, and nothing is sent.
        var contact = Contact(_key ??= await subjectKeys.GetAsync(TenantId, CustomerRef));
        return state.State.Channel == ChannelNames.WhatsApp ? contact.Phone?.TrimStart('+') : contact.ExternalRef;
    }

    public Task<CustomerHoldings> GetHoldingsAsync() => Task.FromResult(Holdings());

    public async Task<CustomerHoldings> BeginErasureAsync(bool onlyIfEmpty)
    {
        if (onlyIfEmpty && !state.State.Erasing && (state.State.ConversationIds.Count > 0 || state.State.OrderIds.Count > 0))
        {
            // Retention's erasure of a record its sweep emptied: data arrived since, inside its retention period. Left open.
            return Holdings();
        }

        if (state.State.LegalHold is null && !state.State.Erasing)
        {
            // Written even for a record that holds nothing yet: a first delivery racing the erasure is refused, not kept.
            state.State.Erasing = true;
            await state.WriteStateAsync();
        }

        return Holdings();
    }

    public async Task CompleteErasureAsync()
    {
        if (state.State.LegalHold is not null)
        {
            throw new ConflictException("The customer is under legal hold.");
        }

        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        // The clear leaves a tombstone under the key (the customer ref): erasure leaves nothing.
        await purger.PurgeAsync(this.GetPrimaryKeyString());
        state.State = new CustomerState();
        (_key, _digestKey, _reads) = (null, null, null);
        DeactivateOnIdle();
    }

    public async Task<bool> ExpireAsync(IReadOnlyList<string> conversationIds, IReadOnlyList<string> orderIds)
    {
        if (!state.State.Exists)
        {
            // Already erased (a retention erasure that ran before a sweep that died finished its page): no record is
            // left to erase, so no second request is started for it; no activation kept either.
            DeactivateOnIdle();
            return false;
        }

        if (state.State.LegalHold is not null)
        {
            return false;
        }

        var (conversations, orders) = (conversationIds.ToHashSet(StringComparer.Ordinal), orderIds.ToHashSet(StringComparer.Ordinal));
        var removed = state.State.ConversationIds.RemoveAll(conversations.Contains) + state.State.OrderIds.RemoveAll(orders.Contains);
        if (removed > 0)
        {
            await state.WriteStateAsync();
        }

        // Not closed here: the retention erasure request the caller starts closes it (only if it still holds nothing),
        // so a sweep that fails afterwards never leaves a record refusing deliveries.
        return state.State.ConversationIds.Count == 0 && state.State.OrderIds.Count == 0;
    }

    public async Task RectifyAsync(ContactDetails changes)
    {
        if (!state.State.Exists)
        {
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        if (new[] { changes.Name, changes.Email, changes.Phone }.Any(v => v is { Length: > InboundRules.MaxContactFieldLength }))
        {
            throw new RequestValidationException($"Contact details are limited to {InboundRules.MaxContactFieldLength} characters each.");
        }

        RefuseWhileErasing();
        var held = Contact(await KeyAsync());
        var corrected = new ContactDetails(changes.Name ?? held.Name, changes.Email ?? held.Email, changes.Phone ?? held.Phone, changes.ExternalRef ?? held.ExternalRef);
        var sealedContact = FieldCipher.Seal(await KeyAsync(), this.GetGrainId().ToString(), "contact", serializer.SerializeToArray(corrected));
        // The blind index follows the corrected details (the old entries go), then the record; both are idempotent.
        await subjectIndex.ReplaceLookupsAsync(TenantId, CustomerRef, await subjectDigests.LookupsAsync(TenantId, corrected));
        await subjectIndex.AddSubjectAsync(TenantId, CustomerRef, state.State.Channel, state.State.CreatedAt);
        state.State.Contact = sealedContact;
        await state.WriteStateAsync();
        // Which fields were corrected, never their values.
        var fields = string.Join(',', new[] { ("name", changes.Name), ("email", changes.Email), ("phone", changes.Phone), ("externalRef", changes.ExternalRef) }
            .Where(f => f.Item2 is not null).Select(f => f.Item1));
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("customer.rectify", AuditOutcomes.Success, CustomerRef,
            new Dictionary<string, string> { ["fields"] = fields }, PersonalResource: true));
    }

    public async Task SetLegalHoldAsync(string? reason)
    {
        if (!state.State.Exists)
        {
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        if (reason is not null && (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxLegalHoldReason))
        {
            throw new RequestValidationException($"reason must be 1-{MaxLegalHoldReason} characters.");
        }

        if (reason is not null && state.State.Erasing)
        {
            throw new ConflictException("The customer is being erased.");
        }

        // Audited first (a hold that changes what erasure does is never placed or lifted without a trace); the reason
        // only as a redacted, bounded preview. The merchant's reason may name the person: sealed like the contact details.
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry(reason is null ? "privacy.legal-hold.lift" : "privacy.legal-hold.place",
            AuditOutcomes.Success, CustomerRef, Previews: reason is null ? null : new Dictionary<string, string> { ["reason"] = reason }, PersonalResource: true));
        state.State.LegalHold = reason is null ? null : FieldCipher.Seal(await KeyAsync(), this.GetGrainId().ToString(), "legal-hold", System.Text.Encoding.UTF8.GetBytes(reason));
        await state.WriteStateAsync();
    }

    private CustomerHoldings Holdings() => new(CustomerRef, state.State.Exists, state.State.Channel,
        [.. state.State.ConversationIds], [.. state.State.OrderIds], state.State.LegalHold is not null, state.State.Contact is not null);

    private void RefuseWhileErasing()
    {
        if (state.State.Erasing)
        {
            throw new StoreUnavailableException("The customer's data is being erased; deliver it again later.");
        }
    }

    private ContactDetails Contact(DataKey key) => state.State.Contact is null
        ? new ContactDetails(null, null, null)
        : serializer.Deserialize<ContactDetails>(FieldCipher.Open(key, this.GetGrainId().ToString(), "contact", state.State.Contact))!;

    private async Task<DataKey> KeyAsync() => _key ??= await subjectKeys.GetOrCreateAsync(TenantId, CustomerRef);

    /// <summary>
    /// Makes the record exist (and takes its channel, once). Its subject-index row is written first — on the record's
    /// first write, when its channel becomes known, and (unless <paramref name="indexed"/>) with every contact change,
    /// which also indexes a record older than the index — so a failure leaves the state unchanged and the retry repeats it.
    /// </summary>
    private async Task EnsureAsync(string? channel, bool indexed = true)
    {
        var isNew = !state.State.Exists;
        var takesChannel = channel is not null && state.State.Channel.Length == 0;
        var createdAt = isNew ? time.GetUtcNow() : state.State.CreatedAt;
        if (isNew || takesChannel || !indexed)
        {
            await subjectIndex.AddSubjectAsync(TenantId, CustomerRef, takesChannel ? channel! : state.State.Channel, createdAt);
        }

        if (isNew)
        {
            state.State.Exists = true;
            state.State.CreatedAt = createdAt;
        }

        if (takesChannel)
        {
            state.State.Channel = channel!;
        }
    }
}
