using Omniops.Actors.GrainInterfaces.Channels;

namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>One conversation entry as an agent reads it (decrypted).</summary>
[GenerateSerializer, Alias("omniops.message-view")]
public sealed record MessageView(
    [property: Id(0)] string MessageId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] MessageKind Kind,
    [property: Id(3)] string? Text,
    [property: Id(4)] IReadOnlyList<AttachmentMetadata> Attachments,
    [property: Id(5)] DateTimeOffset? SentAt,
    [property: Id(6)] DateTimeOffset ReceivedAt,
    [property: Id(7)] string? Status,
    [property: Id(8)] string? ActorId)
{
    /// <summary>Whether an AI wrote it (the right to know how AI is used).</summary>
    public bool AiGenerated => Kind == MessageKind.Ai;

    public override string ToString() => $"MessageView {{ MessageId = {MessageId}, Sequence = {Sequence} }}";
}
