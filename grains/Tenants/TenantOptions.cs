namespace Omniops.Actors.Grains.Tenants;

/// <summary>Tenant lifecycle settings (<c>Omniops:Tenants</c>).</summary>
public sealed class TenantOptions
{
    public const string Section = "Omniops:Tenants";

    /// <summary>
    /// How long after <c>DELETE /v1/tenant</c> the offboarding starts; until then the admin can cancel it
    /// (<c>POST /v1/tenant/deletion/cancel</c>). Shopify's <c>shop/redact</c> uses <c>Omniops:Compliance:CoolingOff</c>.
    /// </summary>
    public TimeSpan DeletionCoolingOff { get; set; } = TimeSpan.FromDays(7);

    public bool IsValid() => DeletionCoolingOff >= TimeSpan.Zero && DeletionCoolingOff <= TimeSpan.FromDays(90);
}
