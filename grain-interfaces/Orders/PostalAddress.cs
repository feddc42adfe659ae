namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>A shipping address. Personal data: sealed under the customer's key wherever it is stored.</summary>
[GenerateSerializer, Alias("omniops.postal-address")]
public sealed record PostalAddress(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Line1,
    [property: Id(2)] string? Line2,
    [property: Id(3)] string? City,
    [property: Id(4)] string? Region,
    [property: Id(5)] string? PostalCode,
    [property: Id(6)] string? Country,
    [property: Id(7)] string? Phone)
{
    public override string ToString() => "PostalAddress { [personal data withheld] }";
}
