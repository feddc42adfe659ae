using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// A row of <c>omniops_messages</c>. <see cref="Body"/> and <see cref="Attachments"/> are sealed envelopes
/// (<see cref="Security.Keys.EncryptedFieldCodec"/>); <see cref="CustomerRef"/> feeds the conversation index, which is
/// written only when <see cref="TouchIndex"/> is set (a new conversation, or its last activity a minute old), with
/// <see cref="ChannelAccount"/> (the business account the conversation arrived on) on its first write.
/// </summary>
public sealed record StoredMessage(
    string TenantId,
    string ConversationId,
    long Sequence,
    string MessageId,
    MessageKind Kind,
    string Channel,
    string CustomerRef,
    string? ActorId,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    string? Status,
    byte[]? Body,
    byte[]? Attachments,
    bool TouchIndex = true,
    string? ChannelAccount = null)
{
    /// <summary>
    /// Whether the message goes out to the customer's channel: an agent's reply or an approved AI reply. Such a message
    /// gets an outbox row in the same transaction as itself (see <see cref="OutboxEntry"/>).
    /// </summary>
    public bool Outbound => Kind is MessageKind.Agent or MessageKind.Ai;
}
