using System.Text.Json;
using System.Xml;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Privacy;

/// <summary>
/// The pieces the subject and tenant exports share, written with <see cref="Utf8JsonWriter"/> straight to the
/// response: each grain page is written and flushed before the next is read, so no export is ever held whole.
/// Wire names follow the gateway's JSON dialect (camelCase members, snake_case enums, ISO-8601 durations).
/// </summary>
internal static class ExportJson
{
    /// <summary>Messages and audit events per grain call.</summary>
    public const int PageSize = 500;

    /// <summary>Resources per <see cref="IAuditLogGrain.ReadAboutAsync"/> call (its limit).</summary>
    private const int AuditResourcesPerCall = 2000;

    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = false, SkipValidation = false };

    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>The version of both export schemas (docs/schemas/*.v2.schema.json).</summary>
    public const int SchemaVersion = 2;

    public static void WriteSchema(Utf8JsonWriter json, string id)
    {
        json.WriteStartObject("schema");
        json.WriteString("id", id);
        json.WriteNumber("version", SchemaVersion);
        json.WriteEndObject();
    }

    public static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    public static void WriteOptional(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
    }

    public static void WriteContact(Utf8JsonWriter json, ContactDetails contact)
    {
        json.WriteStartObject("contact");
        WriteOptional(json, "name", contact.Name);
        WriteOptional(json, "email", contact.Email);
        WriteOptional(json, "phone", contact.Phone);
        json.WriteEndObject();
    }

    public static void WriteRetention(Utf8JsonWriter json, RetentionSettings retention)
    {
        json.WriteStartObject("retention");
        json.WriteString("conversations", XmlConvert.ToString(retention.Conversations));
        json.WriteString("orders", XmlConvert.ToString(retention.Orders));
        json.WriteString("auditLog", XmlConvert.ToString(retention.AuditLog));
        json.WriteEndObject();
    }

    /// <summary>The record of processing both exports carry: purposes, subprocessors and retention, from the data map.</summary>
    /// <summary>How many of the tenant's newest actions an export reads (the action index's own bound).</summary>
    public const int MaxActions = 200;

    /// <summary>The AI provider as configured: host, model, region, stated retention, whether a person reviews replies, the label customers see.</summary>
    public static void WriteAiProvider(Utf8JsonWriter json, DataMapAiProvider ai)
    {
        json.WriteStartObject("provider");
        json.WriteBoolean("configured", ai.Configured);
        json.WriteBoolean("enabledForTenant", ai.EnabledForTenant);
        WriteOptional(json, "providerHost", ai.ProviderHost);
        WriteOptional(json, "model", ai.Model);
        WriteOptional(json, "region", ai.Region);
        if (ai.RetentionDays is { } days)
        {
            json.WriteNumber("retentionDays", days);
        }

        json.WriteBoolean("humanReview", ai.HumanReview);
        WriteOptional(json, "label", ai.Label);
        json.WriteEndObject();
    }

    /// <summary>One proposed action (ids, amount, state; no personal data); the decider only in the tenant's own export.</summary>
    public static void WriteAction(Utf8JsonWriter json, ActionView action, bool withDecider)
    {
        json.WriteStartObject();
        json.WriteString("actionId", action.ActionId);
        json.WriteString("kind", action.Kind);
        json.WriteString("conversationId", action.ConversationId);
        json.WriteString("orderId", action.OrderId);
        if (action.Amount is { } amount)
        {
            json.WriteNumber("amount", amount);
        }

        WriteOptional(json, "currency", action.Currency);
        json.WriteString("status", action.Status);
        json.WriteBoolean("requiresApproval", action.RequiresApproval);
        json.WriteString("proposedAt", action.ProposedAt);
        json.WriteString("expiresAt", action.ExpiresAt);
        WriteOptional(json, "decidedAt", action.DecidedAt);
        if (withDecider)
        {
            WriteOptional(json, "decidedBy", action.DecidedBy);
        }

        json.WriteEndObject();
    }

    public static void WriteProcessing(Utf8JsonWriter json, DataMap map)
    {
        json.WriteStartObject("processing");
        WriteStrings(json, "purposes", map.Purposes);
        WriteSubprocessors(json, map.Subprocessors);
        WriteRetention(json, map.Retention);
        json.WriteEndObject();
    }

    public static void WriteSubprocessors(Utf8JsonWriter json, IReadOnlyList<Subprocessor> subprocessors)
    {
        json.WriteStartArray("subprocessors");
        foreach (var s in subprocessors)
        {
            json.WriteStartObject();
            json.WriteString("name", s.Name);
            json.WriteString("purpose", s.Purpose);
            json.WriteString("region", s.Region);
            WriteStrings(json, "dataCategories", s.DataCategories);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static void WritePrivacyRequest(Utf8JsonWriter json, PrivacyRequestSummary request)
    {
        json.WriteStartObject();
        json.WriteString("requestId", request.RequestId);
        json.WriteString("kind", PrivacyNames.Of(request.Kind));
        json.WriteString("status", PrivacyNames.Of(request.Status));
        json.WriteString("source", PrivacyNames.Of(request.Source));
        json.WriteString("receivedAt", request.ReceivedAt);
        json.WriteString("dueAt", request.DueAt);
        WriteOptional(json, "completedAt", request.CompletedAt);
        json.WriteEndObject();
    }

    /// <summary>How many conversations' first pages an export fetches ahead of the one it writes.</summary>
    public const int Prefetch = 16;

    /// <summary>A conversation's first page of messages, or null when it is gone (erased since it was listed).</summary>
    private static async Task<ConversationView?> FirstPageAsync(IGrainFactory grains, string tenantId, string conversationId)
    {
        try
        {
            return await grains.GetConversationGrain(tenantId, conversationId).GetAsync(0, PageSize);
        }
        catch (Exception exception) when (exception is ResourceNotFoundException or SubjectErasedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes many conversations in order while fetching the first pages of the next <see cref="Prefetch"/> ahead: a
    /// document of a thousand conversations waits on one grain round trip at a time only once, and at most that many
    /// pages are held at once.
    /// </summary>
    public static async Task WriteConversationsAsync(Utf8JsonWriter json, Stream stream, IGrainFactory grains, string tenantId, IReadOnlyList<string> conversationIds,
        Action<string, MessageView>? onMessage, CancellationToken cancellationToken)
    {
        var ahead = new Queue<Task<ConversationView?>>();
        var next = 0;
        for (var i = 0; i < conversationIds.Count; i++)
        {
            while (next < conversationIds.Count && ahead.Count < Prefetch)
            {
                ahead.Enqueue(FirstPageAsync(grains, tenantId, conversationIds[next++]));
            }

            await WriteConversationAsync(json, stream, grains, tenantId, conversationIds[i], ahead.Dequeue(), onMessage, cancellationToken);
        }
    }

    /// <summary>
    /// One conversation object with every message, page by page (flushed after each); nothing when the conversation is
    /// gone (erased since it was listed). <paramref name="onMessage"/> sees each message (AI usage).
    /// </summary>
    private static async Task WriteConversationAsync(Utf8JsonWriter json, Stream stream, IGrainFactory grains, string tenantId, string conversationId,
        Task<ConversationView?> firstPage, Action<string, MessageView>? onMessage, CancellationToken cancellationToken)
    {
        var conversation = grains.GetConversationGrain(tenantId, conversationId);
        if (await firstPage is not { } page)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("conversationId", page.Summary.ConversationId);
        json.WriteString("customerRef", page.Summary.CustomerRef);
        json.WriteString("channel", page.Summary.Channel);
        json.WriteString("createdAt", page.Summary.CreatedAt);
        json.WriteString("lastActivityAt", page.Summary.LastActivityAt);
        json.WriteStartArray("messages");
        while (true)
        {
            foreach (var message in page.Messages)
            {
                WriteMessage(json, message);
                onMessage?.Invoke(conversationId, message);
            }

            await json.FlushAsync(cancellationToken);
            await stream.FlushAsync(cancellationToken);
            if (page.NextAfter is not { } after)
            {
                break;
            }

            page = await conversation.GetAsync(after, PageSize);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, MessageView message)
    {
        json.WriteStartObject();
        json.WriteString("messageId", message.MessageId);
        json.WriteNumber("sequence", message.Sequence);
        json.WriteString("kind", Name(message.Kind));
        WriteOptional(json, "text", message.Text);
        WriteOptional(json, "sentAt", message.SentAt);
        json.WriteString("receivedAt", message.ReceivedAt);
        WriteOptional(json, "status", message.Status);
        WriteOptional(json, "actor", message.ActorId);
        json.WriteBoolean("aiGenerated", message.AiGenerated);
        json.WriteStartArray("attachments");
        foreach (var attachment in message.Attachments)
        {
            WriteAttachment(json, attachment);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteAttachment(Utf8JsonWriter json, AttachmentMetadata attachment)
    {
        json.WriteStartObject();
        json.WriteString("kind", attachment.Kind);
        WriteOptional(json, "mimeType", attachment.MimeType);
        WriteOptional(json, "mediaId", attachment.MediaId);
        WriteOptional(json, "sha256", attachment.Sha256);
        WriteOptional(json, "fileName", attachment.FileName);
        WriteOptional(json, "caption", attachment.Caption);
        json.WriteEndObject();
    }

    /// <summary>One order object (snapshot, shipping address, lines, shipments, refunds); false, with nothing written, when it is gone.</summary>
    public static async Task<bool> WriteOrderAsync(Utf8JsonWriter json, IGrainFactory grains, string tenantId, string orderId)
    {
        OrderView order;
        try
        {
            order = await grains.GetOrderGrain(tenantId, orderId).GetAsync();
        }
        catch (Exception exception) when (exception is ResourceNotFoundException or SubjectErasedException)
        {
            return false;
        }

        json.WriteStartObject();
        json.WriteString("orderId", order.OrderId);
        WriteOptional(json, "customerRef", order.CustomerRef);
        json.WriteString("channel", order.Channel);
        if (order.Snapshot is { } s)
        {
            WriteSnapshot(json, s);
        }

        json.WriteStartArray("refunds");
        foreach (var refund in order.Refunds)
        {
            json.WriteStartObject();
            json.WriteString("externalRefundId", refund.ExternalRefundId);
            json.WriteString("createdAt", refund.CreatedAt);
            WriteOptional(json, "amount", refund.Amount);
            WriteOptional(json, "note", refund.Note);
            json.WriteStartArray("lines");
            foreach (var line in refund.Lines)
            {
                json.WriteStartObject();
                json.WriteString("externalLineId", line.ExternalLineId);
                json.WriteNumber("quantity", line.Quantity);
                WriteOptional(json, "subtotal", line.Subtotal);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return true;
    }

    private static void WriteSnapshot(Utf8JsonWriter json, OrderSnapshot s)
    {
        json.WriteStartObject("snapshot");
        json.WriteString("name", s.Name);
        WriteOptional(json, "currency", s.Currency);
        WriteOptional(json, "totalPrice", s.TotalPrice);
        WriteOptional(json, "financialStatus", s.FinancialStatus);
        WriteOptional(json, "fulfillmentStatus", s.FulfillmentStatus);
        WriteOptional(json, "createdAt", s.CreatedAt);
        json.WriteString("updatedAt", s.UpdatedAt);
        WriteOptional(json, "cancelledAt", s.CancelledAt);
        WriteOptional(json, "cancelReason", s.CancelReason);
        if (s.ShippingAddress is { } a)
        {
            json.WriteStartObject("shippingAddress");
            WriteOptional(json, "name", a.Name);
            WriteOptional(json, "line1", a.Line1);
            WriteOptional(json, "line2", a.Line2);
            WriteOptional(json, "city", a.City);
            WriteOptional(json, "region", a.Region);
            WriteOptional(json, "postalCode", a.PostalCode);
            WriteOptional(json, "country", a.Country);
            WriteOptional(json, "phone", a.Phone);
            json.WriteEndObject();
        }

        json.WriteStartArray("lines");
        foreach (var line in s.Lines)
        {
            json.WriteStartObject();
            json.WriteString("externalId", line.ExternalId);
            json.WriteString("title", line.Title);
            json.WriteNumber("quantity", line.Quantity);
            WriteOptional(json, "price", line.Price);
            WriteOptional(json, "sku", line.Sku);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("shipments");
        foreach (var shipment in s.Shipments)
        {
            json.WriteStartObject();
            WriteOptional(json, "carrier", shipment.Carrier);
            WriteOptional(json, "trackingNumber", shipment.TrackingNumber);
            WriteOptional(json, "trackingUrl", shipment.TrackingUrl);
            WriteOptional(json, "status", shipment.Status);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>One audit event as stored: its details (sensitive values as their <c>hmac:</c> digests) and chain hashes.</summary>
    public static void WriteAuditEvent(Utf8JsonWriter json, AuditEvent e)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", e.Sequence);
        json.WriteString("occurredAt", e.OccurredAt);
        json.WriteString("actorKind", Name(e.ActorKind));
        json.WriteString("actorId", e.ActorId);
        json.WriteString("operation", e.Operation);
        json.WriteString("outcome", e.Outcome);
        WriteOptional(json, "resource", e.Resource);
        json.WritePropertyName("details");
        json.WriteRawValue(e.Details);
        json.WriteString("previousHash", Convert.ToHexStringLower(e.PreviousHash));
        json.WriteString("hash", Convert.ToHexStringLower(e.Hash));
        json.WriteEndObject();
    }

    /// <summary>
    /// The audit events about <paramref name="resources"/> (customer refs, conversation and order ids), page by page
    /// and flushed after each, as the elements of the array the caller opened. Each event has one resource, so the
    /// chunks of 2,000 resources never yield an event twice.
    /// </summary>
    public static async Task WriteAuditEventsAboutAsync(Utf8JsonWriter json, Stream stream, IAuditLogGrain log, IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        foreach (var chunk in resources.Distinct(StringComparer.Ordinal).Chunk(AuditResourcesPerCall))
        {
            var after = 0L;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await log.ReadAboutAsync(chunk, after, PageSize);
                foreach (var e in page)
                {
                    WriteAuditEvent(json, e);
                }

                await json.FlushAsync(cancellationToken);
                await stream.FlushAsync(cancellationToken);
                if (page.Count < PageSize)
                {
                    break;
                }

                after = page[^1].Sequence;
            }
        }
    }
}
