namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>A delivery status the channel reports for a message sent to a contact (sent, delivered, read, failed).</summary>
[GenerateSerializer, Immutable, Alias("omniops.inbound-status")]
public sealed record InboundStatus(
    [property: Id(0)] string ExternalMessageId,
    [property: Id(1)] string ExternalContactId,
    [property: Id(2)] string? ExternalConversationId,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset? At)
{
    public override string ToString() => $"InboundStatus {{ Status = {Status} }}";
}
