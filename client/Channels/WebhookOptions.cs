using System.ComponentModel.DataAnnotations;

namespace Omniops.Actors.Client.Channels;

/// <summary>Webhook intake settings (section <c>Omniops:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Omniops:Webhooks";

    /// <summary>Deliveries per second each tenant may send, sustained (a token bucket per tenant and gateway). Default 100.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>The bucket's size: how many deliveries a tenant may send at once after a quiet spell. Default 500.</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 500;

    /// <summary>How far a generic webhook's timestamp may be from the gateway's clock. Default 300 seconds.</summary>
    [Range(30, 3600)]
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>
    /// The largest WhatsApp notification accepted, in bytes (Meta batches up to 1000 updates, up to 3 MB). Default
    /// 4 MiB; the other webhooks keep the gateway's body limit.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxWhatsAppBodyBytes { get; set; } = 4 * 1024 * 1024;
}
