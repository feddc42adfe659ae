using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Grains.Security.Keys;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Channels;

/// <summary>
/// A tenant's channel inbox: stateless and reentrant, so deliveries never queue behind each other here. It derives
/// opaque refs — HMAC-SHA256 under a key derived from the tenant key, over the channel and the channel's own id — so
/// the same contact, conversation or message always lands on the same grain, and no key carries personal data.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class ChannelInboxGrain(TenantKeyring keyring, IComplianceRequestStore complianceRequests, TimeProvider time) : Grain, IChannelInboxGrain
{
    private static readonly TimeSpan ContactMemory = TimeSpan.FromMinutes(1);
    private const int MaxRememberedContacts = 10_000;

    private readonly Dictionary<string, (byte[] Digest, DateTimeOffset At)> _recordedContacts = new(StringComparer.Ordinal);
    private byte[]? _refKey;

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string Channel => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    public async Task<IngestResult> ReceiveMessageAsync(InboundMessage message)
    {
        InboundRules.Validate(message);
        var contactId = message.Contact.ExternalId;
        var customerRef = await RefAsync('u', "contact", contactId);
        var conversationId = await RefAsync('c', "conversation", message.ExternalConversationId ?? "contact:" + contactId);
        var messageId = await RefAsync('m', "message", message.ExternalMessageId);
        await RecordContactAsync(customerRef, message.Contact);
        return await GrainFactory.GetConversationGrain(TenantId, conversationId).AppendAsync(new ConversationDelivery(
            messageId, Channel, customerRef, MessageKind.Customer, message.Text, message.Attachments, message.SentAt, null));
    }

    public async Task<IngestResult> ReceiveStatusAsync(InboundStatus status)
    {
        InboundRules.Validate(status);
        var customerRef = await RefAsync('u', "contact", status.ExternalContactId);
        var conversationId = await RefAsync('c', "conversation", status.ExternalConversationId ?? "contact:" + status.ExternalContactId);
        var messageId = await RefAsync('m', "status", status.ExternalMessageId + "|" + status.Status);
        return await GrainFactory.GetConversationGrain(TenantId, conversationId).AppendAsync(new ConversationDelivery(
            messageId, Channel, customerRef, MessageKind.Status, null, [], status.At, status.Status));
    }

    public async Task<OrderEventResult> ReceiveOrderEventAsync(OrderEvent orderEvent)
    {
        InboundRules.Validate(orderEvent);
        string? customerRef = null;
        if (orderEvent.Customer is { } customer)
        {
            customerRef = await RefAsync('u', "contact", customer.ExternalId);
            await RecordContactAsync(customerRef, customer);
        }

        var orderId = await RefAsync('o', "order", orderEvent.ExternalOrderId);
        return await GrainFactory.GetOrderGrain(TenantId, orderId).ApplyAsync(Channel, customerRef, orderEvent);
    }

    public async Task<bool> ReceiveComplianceRequestAsync(ComplianceRequest request)
    {
        InboundRules.Validate(request);
        var customerRef = request.ExternalCustomerId is { } customerId ? await RefAsync('u', "contact", customerId) : null;
        var orderIds = new List<string>(request.ExternalOrderIds.Count);
        foreach (var order in request.ExternalOrderIds)
        {
            orderIds.Add(await RefAsync('o', "order", order));
        }

        var requestRef = request.ExternalRequestId is { } requestId ? await RefAsync('r', "data-request", requestId) : null;
        // Audited first: a privacy request must never be held without a trace of it.
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("privacy.platform-request", AuditOutcomes.Success, customerRef,
            new Dictionary<string, string> { ["channel"] = Channel, ["topic"] = request.Topic, ["orders"] = orderIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        return await complianceRequests.AddAsync(new ComplianceRecord(TenantId, Channel, request.DeliveryId, request.Topic, customerRef, orderIds, requestRef, time.GetUtcNow()));
    }

    /// <summary>
    /// Hands the contact details to the customer's grain, unless this activation passed it the same details (by a
    /// keyed digest, not the details) within the last minute: a chat sends them with every message.
    /// </summary>
    private async Task RecordContactAsync(string customerRef, InboundContact contact)
    {
        var digest = HMACSHA256.HashData(await RefKeyAsync(), Encoding.UTF8.GetBytes($"{Channel}|contact-details|{contact.Name}\u001f{contact.Email}\u001f{contact.Phone}"));
        var now = time.GetUtcNow();
        if (_recordedContacts.TryGetValue(customerRef, out var recorded) && now - recorded.At < ContactMemory &&
            CryptographicOperations.FixedTimeEquals(recorded.Digest, digest))
        {
            return;
        }

        await GrainFactory.GetCustomerGrain(TenantId, customerRef).RecordContactAsync(Channel, new ContactDetails(contact.Name, contact.Email, contact.Phone));
        if (_recordedContacts.Count >= MaxRememberedContacts)
        {
            _recordedContacts.Clear();
        }

        _recordedContacts[customerRef] = (digest, now);
    }

    private async ValueTask<string> RefAsync(char prefix, string kind, string channelId)
    {
        var digest = HMACSHA256.HashData(await RefKeyAsync(), Encoding.UTF8.GetBytes($"{Channel}|{kind}|{channelId}"));
        return GrainKeys.DerivedId(prefix, digest);
    }

    /// <summary>The tenant's ref key (HKDF from its first key version), derived once per activation.</summary>
    private async ValueTask<byte[]> RefKeyAsync() => _refKey ??= await keyring.DeriveAsync(TenantId, "channel-refs/v1");
}
