using Omniops.Actors.GrainInterfaces.Channels;

namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>
/// What the channel inbox hands a conversation: the message (or status) with its opaque, deterministic
/// <see cref="MessageId"/> (a keyed hash of the channel's message id, so a redelivery maps to the same id), and the
/// business account it arrived on (<see cref="ChannelAccount"/>, WhatsApp's <c>phone_number_id</c>; not personal data),
/// which a new conversation keeps as the account its replies are sent from.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.conversation-delivery")]
public sealed record ConversationDelivery(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string Channel,
    [property: Id(2)] string CustomerRef,
    [property: Id(3)] MessageKind Kind,
    [property: Id(4)] string? Text,
    [property: Id(5)] IReadOnlyList<AttachmentMetadata> Attachments,
    [property: Id(6)] DateTimeOffset? SentAt,
    [property: Id(7)] string? Status,
    [property: Id(8)] string? ChannelAccount = null)
{
    public override string ToString() => $"ConversationDelivery {{ MessageId = {MessageId}, Kind = {Kind} }}";
}
