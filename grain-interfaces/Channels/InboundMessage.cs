namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// A customer's message as an adapter normalised it from its platform's format. External ids are the channel's;
/// the inbox turns them into opaque refs. <see cref="ToString"/> shows nothing of the content.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.inbound-message")]
public sealed record InboundMessage(
    [property: Id(0)] string ExternalMessageId,
    [property: Id(1)] string? ExternalConversationId,
    [property: Id(2)] InboundContact Contact,
    [property: Id(3)] string? Text,
    [property: Id(4)] IReadOnlyList<AttachmentMetadata> Attachments,
    [property: Id(5)] DateTimeOffset? SentAt)
{
    public override string ToString() => "InboundMessage { [content withheld] }";
}
