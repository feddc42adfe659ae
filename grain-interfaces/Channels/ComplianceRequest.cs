namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// A privacy request a shop platform forwards (Shopify's customers/data_request, customers/redact, shop/redact),
/// kept minimal: the platform's delivery id, the topic, and the customer and order ids it names (turned into refs
/// by the inbox; the e-mail and phone number in the payload are not kept). <see cref="BodyDigest"/> is the lowercase hex
/// SHA-256 of the signed body, required for a destructive topic: the same body under a fresh delivery id is the same
/// request (the inbox keeps only a keyed hash of it).
/// </summary>
[GenerateSerializer, Alias("omniops.compliance-request")]
public sealed record ComplianceRequest(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string Topic,
    [property: Id(2)] string? ExternalCustomerId,
    [property: Id(3)] IReadOnlyList<string> ExternalOrderIds,
    [property: Id(4)] string? ExternalRequestId,
    [property: Id(5)] string? BodyDigest = null)
{
    public override string ToString() => $"ComplianceRequest {{ Topic = {Topic} }}";
}
