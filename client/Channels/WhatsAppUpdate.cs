using Omniops.Actors.GrainInterfaces.Channels;

namespace Omniops.Actors.Client.Channels;

/// <summary>One message or status from a WhatsApp notification, with the conversation it belongs to (business number and contact).</summary>
public sealed record WhatsAppUpdate(string ConversationKey, InboundMessage? Message, InboundStatus? Status);
