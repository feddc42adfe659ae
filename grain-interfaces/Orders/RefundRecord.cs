namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>A refund (refunds/create): what was returned and how much was paid back.</summary>
[GenerateSerializer, Alias("omniops.refund")]
public sealed record RefundRecord(
    [property: Id(0)] string ExternalRefundId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] string? Amount,
    [property: Id(3)] string? Note,
    [property: Id(4)] IReadOnlyList<RefundLine> Lines)
{
    public override string ToString() => $"RefundRecord {{ Lines = {Lines.Count} }}";
}
