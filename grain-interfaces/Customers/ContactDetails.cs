namespace Omniops.Actors.GrainInterfaces.Customers;

/// <summary>
/// How to reach a data subject. Personal data: sealed under the subject's own key, never logged.
/// <see cref="ExternalRef"/> is the merchant's or channel's own customer id (a generic webhook's <c>customer.ref</c>,
/// a Shopify customer id), kept so the record can be found by it; WhatsApp's contact id is the phone number itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.contact-details")]
public sealed record ContactDetails(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string? ExternalRef = null)
{
    public bool IsEmpty => Name is null && Email is null && Phone is null && ExternalRef is null;

    public override string ToString() => "ContactDetails { [personal data withheld] }";
}
