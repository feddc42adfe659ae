using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// A row of <c>omniops_messages</c>. <see cref="Body"/> and <see cref="Attachments"/> are sealed envelopes
/// (<see cref="Security.Keys.EncryptedFieldCodec"/>); <see cref="CustomerRef"/> feeds the conversation index, which is
/// written only when <see cref="TouchIndex"/> is set (a new conversation, or its last activity a minute old).
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
    bool TouchIndex = true);
