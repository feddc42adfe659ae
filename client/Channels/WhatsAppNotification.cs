using System.Text.Json;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces.Channels;
using static Omniops.Actors.Client.Channels.PayloadReader;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// Reads a Meta WhatsApp Cloud API notification: <c>object = "whatsapp_business_account"</c>, <c>entry[].changes[]</c>
/// with <c>field = "messages"</c>; each <c>value</c> has the business number (<c>metadata.phone_number_id</c>), the
/// contacts' profile names, <c>messages[]</c> and <c>statuses[]</c>. A contact is its <c>wa_id</c>, or its
/// business-scoped user id when it has a username and no number is shown. Media become attachment metadata (the
/// media id, type and hash; the content stays with Meta). Other changes (account or template updates) carry nothing
/// for a conversation and are skipped.
/// </summary>
public static class WhatsAppNotification
{
    private static readonly string[] MediaTypes = ["image", "document", "audio", "video", "sticker"];

    public static WhatsAppDelivery Parse(byte[] body)
    {
        using var document = PayloadReader.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || String(root, "object") != "whatsapp_business_account")
        {
            throw new FormatException("'object' must be \"whatsapp_business_account\".");
        }

        var updates = new List<WhatsAppUpdate>();
        var businesses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Array(root, "entry"))
        {
            foreach (var change in Array(entry, "changes"))
            {
                if (String(change, "field") == "messages" && Object(change, "value") is { } value)
                {
                    businesses.Add(ReadValue(value, updates));
                }
            }
        }

        return new WhatsAppDelivery([.. businesses], updates);
    }

    /// <summary>Adds the value's updates; returns its business number.</summary>
    private static string ReadValue(JsonElement value, List<WhatsAppUpdate> updates)
    {
        var business = RequiredString(Object(value, "metadata") ?? throw new FormatException("'metadata' is required."), "phone_number_id");
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var contact in Array(value, "contacts"))
        {
            var name = Object(contact, "profile") is { } profile ? String(profile, "name") : null;
            foreach (var id in new[] { String(contact, "wa_id"), String(contact, "user_id") })
            {
                if (!string.IsNullOrEmpty(id))
                {
                    names[id] = name;
                }
            }
        }

        foreach (var message in Array(value, "messages"))
        {
            var from = ContactId(String(message, "from"), String(message, "from_user_id"), "from");
            var inbound = new InboundMessage(RequiredString(message, "id"), business + ":" + from,
                new InboundContact(from, names.GetValueOrDefault(from) ?? names.GetValueOrDefault(String(message, "from_user_id") ?? string.Empty),
                    Phone: String(message, "from") is { Length: > 0 } number ? "+" + number : null),
                Text(message), Attachments(message), UnixSeconds(message, "timestamp"));
            updates.Add(new WhatsAppUpdate(inbound.ExternalConversationId!, inbound, null));
        }

        foreach (var status in Array(value, "statuses"))
        {
            var recipient = ContactId(String(status, "recipient_id"), String(status, "recipient_user_id"), "recipient_id");
            var inbound = new InboundStatus(RequiredString(status, "id"), recipient, business + ":" + recipient,
                RequiredString(status, "status"), UnixSeconds(status, "timestamp"));
            updates.Add(new WhatsAppUpdate(inbound.ExternalConversationId!, null, inbound));
        }

        return business;
    }

    private static string ContactId(string? number, string? userId, string name) =>
        !string.IsNullOrEmpty(number) ? number
        : !string.IsNullOrEmpty(userId) ? userId
        : throw new FormatException($"'{name}' is required.");

    private static string? Text(JsonElement message) => String(message, "type") switch
    {
        "text" => Object(message, "text") is { } text ? String(text, "body") : null,
        "button" => Object(message, "button") is { } button ? String(button, "text") : null,
        "reaction" => Object(message, "reaction") is { } reaction ? String(reaction, "emoji") : null,
        "interactive" => Object(message, "interactive") is { } interactive
            ? (Object(interactive, "button_reply") ?? Object(interactive, "list_reply")) is { } reply ? String(reply, "title") : null
            : null,
        _ => null,
    };

    private static IReadOnlyList<AttachmentMetadata> Attachments(JsonElement message)
    {
        var type = RequiredString(message, "type");
        if (MediaTypes.Contains(type) && Object(message, type) is { } media)
        {
            return [new AttachmentMetadata(type, String(media, "mime_type"), Id(media, "id"), String(media, "sha256"), String(media, "filename"), String(media, "caption"))];
        }

        // Anything else without text (location, contacts, order, unsupported …) is kept as what it is, so the agent
        // sees that something arrived.
        return Text(message) is null ? [new AttachmentMetadata(type)] : [];
    }
}
