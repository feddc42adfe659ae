namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>
/// A refund or cancellation the merchant's side approved for this order (from an approved action): recorded for the
/// shop to carry out, no personal data.
/// </summary>
[GenerateSerializer, Alias("omniops.merchant-action")]
public sealed record MerchantAction(
    [property: Id(0)] string ActionId,
    [property: Id(1)] string Kind,
    [property: Id(2)] decimal? Amount,
    [property: Id(3)] string? Currency,
    [property: Id(4)] DateTimeOffset RecordedAt);
