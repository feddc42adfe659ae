using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.Grains.Audit;
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
    Serializer serializer,
    TimeProvider time,
    IOptions<AuditOptions> auditOptions) : Grain, ICustomerGrain
{
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

        Ensure(channel);
        if (changed)
        {
            // What the channel sends now wins; what it leaves out is kept (a later message may carry only a name).
            var held = Contact(key);
            var merged = new ContactDetails(contact.Name ?? held.Name, contact.Email ?? held.Email, contact.Phone ?? held.Phone);
            state.State.Contact = FieldCipher.Seal(key, this.GetGrainId().ToString(), "contact", serializer.SerializeToArray(merged));
            state.State.ContactDigest = digest;
        }

        await state.WriteStateAsync();
    }

    public async Task AddConversationAsync(string conversationId)
    {
        if (!state.State.ConversationIds.Contains(conversationId))
        {
            Ensure(channel: null);
            state.State.ConversationIds.Add(conversationId);
            await state.WriteStateAsync();
        }
    }

    public async Task AddOrderAsync(string orderId)
    {
        if (!state.State.OrderIds.Contains(orderId))
        {
            Ensure(channel: null);
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

    private ContactDetails Contact(DataKey key) => state.State.Contact is null
        ? new ContactDetails(null, null, null)
        : serializer.Deserialize<ContactDetails>(FieldCipher.Open(key, this.GetGrainId().ToString(), "contact", state.State.Contact))!;

    private async Task<DataKey> KeyAsync() => _key ??= await subjectKeys.GetOrCreateAsync(TenantId, CustomerRef);

    private void Ensure(string? channel)
    {
        if (!state.State.Exists)
        {
            state.State.Exists = true;
            state.State.CreatedAt = time.GetUtcNow();
        }

        if (channel is not null && state.State.Channel.Length == 0)
        {
            state.State.Channel = channel;
        }
    }
}
