using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Orders;

[GenerateSerializer, Alias("omniops.order-state")]
public sealed class OrderState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Channel { get; set; } = string.Empty;
    [Id(2)] public string? CustomerRef { get; set; }

    /// <summary>Whose key seals this order: the customer's ref, or the order's own id for an order without a customer.</summary>
    [Id(3)] public string SubjectId { get; set; } = string.Empty;

    /// <summary>The latest snapshot, serialized and sealed.</summary>
    [Id(4)] public EncryptedField? Snapshot { get; set; }

    [Id(5)] public DateTimeOffset? SnapshotUpdatedAt { get; set; }

    /// <summary>Refunds, each serialized and sealed, with the platform's refund ids (not personal) to apply each once.</summary>
    [Id(6)] public List<EncryptedField> Refunds { get; set; } = [];

    [Id(7)] public List<string> RefundIds { get; set; } = [];

    /// <summary>The most recent delivery ids applied (the platform retries for hours; the newest are kept).</summary>
    [Id(8)] public List<string> AppliedDeliveries { get; set; } = [];

    /// <summary>
    /// The order's own subject id after its data moved under the customer's key, until that key is destroyed (set in
    /// the same write as the re-sealed data, cleared once the key is gone).
    /// </summary>
    [Id(9)] public string? RetiredSubjectId { get; set; }

    /// <summary>Approved refunds and cancellations recorded for the shop to carry out (no personal data).</summary>
    [Id(10)] public List<MerchantAction> MerchantActions { get; set; } = [];
}
