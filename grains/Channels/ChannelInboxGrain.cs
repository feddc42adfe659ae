using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Channels;

/// <summary>
/// A tenant's channel inbox: stateless and reentrant, so deliveries never queue behind each other here. It derives
/// opaque refs — HMAC-SHA256 under a key derived from the tenant key, over the channel and the channel's own id — so
/// the same contact, conversation or message always lands on the same grain, and no key carries personal data.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class ChannelInboxGrain(TenantKeyring keyring, IComplianceRequestStore complianceRequests, IOptions<ComplianceOptions> options, TimeProvider time)
    : Grain, IChannelInboxGrain
{
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
        // The rules above are all the content must meet; whether the conversation is this contact's only its grain knows.
        // So the message goes first: the conversation refuses another customer's delivery before writing anything, and
        // only a delivery it took records the contact, so a refused one changes no one's details. A failure of the
        // contact's write fails the delivery, and its redelivery is deduplicated by the conversation and records it.
        var appended = await GrainFactory.GetConversationGrain(TenantId, conversationId).AppendAsync(new ConversationDelivery(
            messageId, Channel, customerRef, MessageKind.Customer, message.Text, message.Attachments, message.SentAt, null,
            BusinessAccount(message.ExternalConversationId)));
        await RecordContactAsync(customerRef, message.Contact);
        return appended;
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

    public async Task<ComplianceReceipt> ReceiveComplianceRequestAsync(ComplianceRequest request)
    {
        InboundRules.Validate(request);
        var customerRef = request.ExternalCustomerId is { } customerId ? await RefAsync('u', "contact", customerId) : null;
        var orderIds = new List<string>(request.ExternalOrderIds.Count);
        foreach (var order in request.ExternalOrderIds)
        {
            orderIds.Add(await RefAsync('o', "order", order));
        }

        var requestRef = request.ExternalRequestId is { } requestId ? await RefAsync('r', "data-request", requestId) : null;
        // A destructive request is the same request whatever delivery id it comes under: the same signed body is kept
        // once (a keyed hash of its digest, so no guessable hash of personal data is stored).
        var destructive = ComplianceTopics.IsDestructive(request.Topic);
        var bodyDigest = destructive ? Convert.ToHexStringLower(HMACSHA256.HashData(await RefKeyAsync(), Encoding.UTF8.GetBytes($"{Channel}|body|{request.BodyDigest}"))) : null;
        // A retry of a request already stored (and so already audited) is acknowledged without a second trace. Two
        // copies racing past this check may both be audited; the insert below still keeps one.
        if (await complianceRequests.FindAsync(TenantId, Channel, request.DeliveryId, bodyDigest) is { } stored)
        {
            // Stored before; its privacy request may not have started if that delivery failed after the insert.
            await StartPrivacyRequestAsync(stored);
            return new ComplianceReceipt(true, stored.EffectiveAt);
        }

        // Whole microseconds, as PostgreSQL keeps them, so the answer names the instant stored.
        var now = time.GetUtcNow();
        var received = now.AddTicks(-(now.Ticks % 10));
        var effectiveAt = destructive ? received + options.Value.CoolingOff : received;
        // Audited before it is stored: a privacy request must never be held without a trace of it.
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("privacy.platform-request", AuditOutcomes.Success, customerRef,
            new Dictionary<string, string>
            {
                ["channel"] = Channel,
                ["topic"] = request.Topic,
                ["orders"] = orderIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["effectiveAt"] = effectiveAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }, PersonalResource: true));
        var record = new ComplianceRecord(TenantId, Channel, request.DeliveryId, request.Topic, customerRef, orderIds, requestRef, received, bodyDigest, effectiveAt);
        if (await complianceRequests.AddAsync(record))
        {
            await StartPrivacyRequestAsync(record);
            return new ComplianceReceipt(false, effectiveAt);
        }

        var first = await complianceRequests.FindAsync(TenantId, Channel, request.DeliveryId, bodyDigest);
        if (first is not null)
        {
            await StartPrivacyRequestAsync(first);
        }

        return new ComplianceReceipt(true, first?.EffectiveAt ?? effectiveAt);
    }

    /// <summary>
    /// Hands a stored platform request to the privacy workflow: a privacy request whose id derives from the stored
    /// delivery (so every retry lands on the same one; starting it again changes nothing), carried out from its
    /// effective time (after the cooling-off of a destructive topic). The request then owns it: marked handled.
    /// </summary>
    private async Task StartPrivacyRequestAsync(ComplianceRecord record)
    {
        if (record.Topic == ComplianceTopics.ShopRedact)
        {
            // The whole shop: the tenant's offboarding, from the record's effective time (the compliance cooling-off).
            await GrainFactory.GetPrivacyRequestGrain(TenantId, TenantErasureRequest.IdOf(TenantId)).StartAsync(
                new PrivacyRequestStart(PrivacyRequestKind.TenantErasure, PrivacyRequestSource.Platform, [], [], null, record.EffectiveAt));
            await complianceRequests.MarkHandledAsync(TenantId, Channel, record.DeliveryId, time.GetUtcNow());
            return;
        }

        PrivacyRequestKind? kind = record.Topic switch
        {
            ComplianceTopics.CustomersDataRequest => PrivacyRequestKind.Access,
            ComplianceTopics.CustomersRedact => PrivacyRequestKind.Erasure,
            _ => null,
        };
        if (kind is null || (record.CustomerRef is null && record.OrderIds.Count == 0))
        {
            return;
        }

        var requestId = await RefAsync('p', "privacy-request", record.DeliveryId);
        await GrainFactory.GetPrivacyRequestGrain(TenantId, requestId).StartAsync(new PrivacyRequestStart(kind.Value, PrivacyRequestSource.Platform,
            record.CustomerRef is { } customer ? [customer] : [], kind == PrivacyRequestKind.Erasure ? record.OrderIds : [], null, record.EffectiveAt));
        await complianceRequests.MarkHandledAsync(TenantId, Channel, record.DeliveryId, time.GetUtcNow());
    }

    /// <summary>
    /// Hands the contact details to the customer's grain, which alone knows what it holds: it compares a keyed digest
    /// and writes nothing when a chat repeats the same details with every message. (A cache here would be per
    /// activation, and a stateless worker has several, so it could skip a change back to earlier details.)
    /// The channel's own contact id goes with them, to be found by (the subject index); WhatsApp's is the phone number
    /// itself, already in <see cref="InboundContact.Phone"/>.
    /// </summary>
    private Task RecordContactAsync(string customerRef, InboundContact contact) =>
        GrainFactory.GetCustomerGrain(TenantId, customerRef).RecordContactAsync(Channel,
            new ContactDetails(contact.Name, contact.Email, contact.Phone, Channel == ChannelNames.WhatsApp ? null : contact.ExternalId));

    /// <summary>
    /// The business account a WhatsApp message arrived on: its conversation id is <c>{phone_number_id}:{contact}</c>
    /// (the adapter's). Replies are sent from it. Null for the other channels.
    /// </summary>
    private string? BusinessAccount(string? externalConversationId) =>
        Channel == ChannelNames.WhatsApp && externalConversationId?.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
            ? externalConversationId[..colon]
            : null;

    private async ValueTask<string> RefAsync(char prefix, string kind, string channelId)
    {
        var digest = HMACSHA256.HashData(await RefKeyAsync(), Encoding.UTF8.GetBytes($"{Channel}|{kind}|{channelId}"));
        return GrainKeys.DerivedId(prefix, digest);
    }

    /// <summary>The tenant's ref key (HKDF from its first key version), derived once per activation.</summary>
    private async ValueTask<byte[]> RefKeyAsync() => _refKey ??= await keyring.DeriveAsync(TenantId, "channel-refs/v1");
}
