namespace Omniops.Actors.Grains.Channels;

/// <summary>
/// A row of <c>omniops_compliance_requests</c>: refs only, no personal data. <see cref="BodyDigest"/> (destructive
/// topics only) is a keyed hash of the signed body's SHA-256, unique per tenant and channel; <see cref="EffectiveAt"/>
/// is when the request may be carried out (after the cooling-off window for a destructive topic).
/// </summary>
public sealed record ComplianceRecord(
    string TenantId,
    string Channel,
    string DeliveryId,
    string Topic,
    string? CustomerRef,
    IReadOnlyList<string> OrderIds,
    string? RequestRef,
    DateTimeOffset ReceivedAt,
    string? BodyDigest,
    DateTimeOffset EffectiveAt);
