using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// Bounds on what a channel may deliver; a violation is a 400 that names the field, never its value. They are every
/// rule a delivery's content must meet, so the inbox grain checks them before its first write and the grains behind
/// it refuse nothing that passed (their own checks of the same bounds only guard other callers); an adapter
/// delivering several updates at once checks them all first, so a bad one changes nothing.
/// </summary>
public static class InboundRules
{
    public const int MaxIdLength = 256;
    public const int MaxTextLength = 16_384;
    public const int MaxAttachments = 20;
    public const int MaxFieldLength = 1024;

    /// <summary>A contact's name, e-mail address or phone number.</summary>
    public const int MaxContactFieldLength = 320;

    /// <summary>A platform's delivery id of an order event (Shopify's webhook id).</summary>
    public const int MaxDeliveryIdLength = 128;

    public static void Validate(InboundMessage message)
    {
        Id(message.ExternalMessageId, "messageId");
        Id(message.Contact.ExternalId, "customer.ref");
        Contact(message.Contact);
        OptionalId(message.ExternalConversationId, "conversationId");
        if (message.Text is null && message.Attachments.Count == 0)
        {
            throw new RequestValidationException("A message needs text or an attachment.");
        }

        if (message.Text is { Length: > MaxTextLength })
        {
            throw new RequestValidationException($"text is limited to {MaxTextLength} characters.");
        }

        if (message.Attachments.Count > MaxAttachments)
        {
            throw new RequestValidationException($"A message carries at most {MaxAttachments} attachments.");
        }

        foreach (var a in message.Attachments)
        {
            if (new[] { a.Kind, a.MimeType, a.MediaId, a.Sha256, a.FileName, a.Caption }.Any(v => v is { Length: > MaxFieldLength }))
            {
                throw new RequestValidationException($"Attachment fields are limited to {MaxFieldLength} characters.");
            }
        }
    }

    public static void Validate(InboundStatus status)
    {
        Id(status.ExternalMessageId, "status.id");
        Id(status.ExternalContactId, "status.recipient_id");
        OptionalId(status.ExternalConversationId, "conversation");
        // Not a closed list: a status a platform adds later must not block the notification it arrives in.
        if (string.IsNullOrEmpty(status.Status) || status.Status.Length > 32 || !status.Status.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            throw new RequestValidationException("status must be 1-32 characters of [a-z_].");
        }
    }

    public static void Validate(OrderEvent orderEvent)
    {
        if (string.IsNullOrWhiteSpace(orderEvent.DeliveryId) || orderEvent.DeliveryId.Length > MaxDeliveryIdLength)
        {
            throw new RequestValidationException($"delivery id is required and limited to {MaxDeliveryIdLength} characters.");
        }

        Id(orderEvent.ExternalOrderId, "order id");
        if (orderEvent.Customer is { } customer)
        {
            Id(customer.ExternalId, "customer id");
            Contact(customer);
        }

        if ((orderEvent.Snapshot is null) == (orderEvent.Refund is null))
        {
            throw new RequestValidationException("An order event carries an order or a refund.");
        }
    }

    public static void Validate(ComplianceRequest request)
    {
        Id(request.DeliveryId, "delivery id");
        OptionalId(request.ExternalCustomerId, "customer id");
        OptionalId(request.ExternalRequestId, "data_request id");
        if (!ComplianceTopics.IsCompliance(request.Topic))
        {
            throw new RequestValidationException("Unknown privacy topic.");
        }

        if (request.BodyDigest is { } digest ? digest.Length != 64 || !digest.All(char.IsAsciiHexDigitLower) : ComplianceTopics.IsDestructive(request.Topic))
        {
            throw new RequestValidationException("A destructive privacy request needs the lowercase hex SHA-256 of its signed body.");
        }

        if (request.ExternalOrderIds.Count > 10_000)
        {
            throw new RequestValidationException("Too many order ids.");
        }

        foreach (var order in request.ExternalOrderIds)
        {
            Id(order, "order id");
        }
    }

    private static void Contact(InboundContact contact)
    {
        if (new[] { contact.Name, contact.Email, contact.Phone }.Any(v => v is { Length: > MaxContactFieldLength }))
        {
            throw new RequestValidationException($"Contact details are limited to {MaxContactFieldLength} characters each.");
        }
    }

    private static void Id(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength)
        {
            throw new RequestValidationException($"{name} is required and limited to {MaxIdLength} characters.");
        }
    }

    private static void OptionalId(string? value, string name)
    {
        if (value is not null)
        {
            Id(value, name);
        }
    }
}
