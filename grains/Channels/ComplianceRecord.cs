namespace Omniops.Actors.Grains.Channels;

/// <summary>A row of <c>omniops_compliance_requests</c>: refs only, no personal data.</summary>
public sealed record ComplianceRecord(
    string TenantId,
    string Channel,
    string DeliveryId,
    string Topic,
    string? CustomerRef,
    IReadOnlyList<string> OrderIds,
    string? RequestRef,
    DateTimeOffset ReceivedAt);
