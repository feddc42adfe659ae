using System.Globalization;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// The request bodies replies are sent in, per channel, and how an AI-written reply is labelled to the customer in
/// each channel's own terms: WhatsApp shows plain text, so the label leads the text; the generic webhook carries
/// <c>aiGenerated</c> and <c>label</c> fields for the merchant's widget to show.
/// </summary>
public static class OutboundMessages
{
    /// <summary>The customer-visible label of a reply an AI wrote and an agent approved.</summary>
    public const string AiLabel = "AI-generated reply, reviewed by our team";

    /// <summary>What precedes an AI-written reply's text on WhatsApp.</summary>
    public const string WhatsAppAiPrefix = "[" + AiLabel + "] ";

    /// <summary>The Cloud API send-message body: <c>{"messaging_product":"whatsapp","to":…,"type":"text","text":{"body":…}}</c>.</summary>
    public static byte[] WhatsApp(string recipient, string text, MessageKind kind) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = recipient,
            ["type"] = "text",
            ["text"] = new Dictionary<string, object> { ["preview_url"] = false, ["body"] = kind == MessageKind.Ai ? WhatsAppAiPrefix + text : text },
        });

    /// <summary>The generic outbound webhook's body.</summary>
    public static byte[] Generic(string messageId, string conversationId, string? customerRef, string text, MessageKind kind, DateTimeOffset sentAt) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["messageId"] = messageId,
            ["conversationId"] = conversationId,
            ["customer"] = new Dictionary<string, object?> { ["ref"] = customerRef },
            ["text"] = text,
            ["aiGenerated"] = kind == MessageKind.Ai,
            ["label"] = kind == MessageKind.Ai ? AiLabel : null,
            ["sentAt"] = sentAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        });
}
