namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// Who sent a message, as the channel names them: <see cref="ExternalId"/> is the channel's own contact id (a shop's
/// customer id, a WhatsApp number); it never becomes a key — a keyed hash of it does. Personal data throughout.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.inbound-contact")]
public sealed record InboundContact(
    [property: Id(0)] string ExternalId,
    [property: Id(1)] string? Name = null,
    [property: Id(2)] string? Email = null,
    [property: Id(3)] string? Phone = null)
{
    public override string ToString() => "InboundContact { [personal data withheld] }";
}
