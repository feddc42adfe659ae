namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>An order as an agent sees it (decrypted), with its refunds.</summary>
[GenerateSerializer, Alias("omniops.order-view")]
public sealed record OrderView(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string? CustomerRef,
    [property: Id(2)] string Channel,
    [property: Id(3)] OrderSnapshot? Snapshot,
    [property: Id(4)] IReadOnlyList<RefundRecord> Refunds)
{
    /// <summary>Refunds and cancellations the merchant's side approved (recorded for the shop to carry out).</summary>
    [Id(5)]
    public IReadOnlyList<MerchantAction> MerchantActions { get; init; } = [];

    public override string ToString() => $"OrderView {{ OrderId = {OrderId} }}";
}
