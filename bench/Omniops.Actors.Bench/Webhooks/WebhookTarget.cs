namespace Omniops.Actors.Bench.Webhooks;

/// <summary>Where a system under test takes generic webhooks: its root address, the tenant, and the tenant's secret.</summary>
public sealed record WebhookTarget(string System, Uri Address, string TenantId, byte[] Secret)
{
    public Uri Endpoint => new(Address, $"/webhooks/{TenantId}/generic");
}
