namespace Omniops.Actors.Grains.Channels;

/// <summary>How forwarded privacy requests are recorded (<c>Omniops:Compliance</c>).</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Omniops:Compliance";

    /// <summary>
    /// How long a destructive request (<c>customers/redact</c>, <c>shop/redact</c>) waits before it may take effect
    /// (<c>Omniops__Compliance__CoolingOff</c>, e.g. <c>2.00:00:00</c>): its <c>effective_at</c> is when it was received
    /// plus this, leaving time to notice a forged or mistaken one before anything is erased. Shopify wants requests
    /// completed within 30 days. 0 to 14 days; default 48 hours.
    /// </summary>
    public TimeSpan CoolingOff { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Whether the values are in range; the silo refuses to start otherwise.</summary>
    public bool IsValid() => CoolingOff >= TimeSpan.Zero && CoolingOff <= TimeSpan.FromDays(14);
}
