using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Client.Conversations;

/// <summary>
/// A message as the agent API shows it; <see cref="AiGenerated"/> says whether an AI wrote it, and <see cref="ReviewedBy"/>
/// who approved it (an agent's key id, or <c>auto-send</c> when the tenant's auto-send stored it unreviewed).
/// </summary>
public sealed record MessageResponse(
    string MessageId,
    long Sequence,
    MessageKind Kind,
    string? Text,
    IReadOnlyList<AttachmentResponse> Attachments,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    string? Status,
    string? ActorId,
    bool AiGenerated,
    string? ReviewedBy)
{
    public static MessageResponse From(MessageView m) =>
        new(m.MessageId, m.Sequence, m.Kind, m.Text, [.. m.Attachments.Select(AttachmentResponse.From)], m.SentAt, m.ReceivedAt, m.Status, m.ActorId, m.AiGenerated,
            m.AiGenerated ? m.ActorId : null);

    public override string ToString() => $"MessageResponse {{ MessageId = {MessageId}, Sequence = {Sequence} }}";
}
