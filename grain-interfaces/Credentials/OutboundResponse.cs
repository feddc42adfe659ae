namespace Omniops.Actors.GrainInterfaces.Credentials;

[GenerateSerializer, Alias("omniops.outbound-response")]
public sealed record OutboundResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] byte[] Body);
