namespace Omniops.Actors.GrainInterfaces.Customers;

/// <summary>How to reach a data subject. Personal data: sealed under the subject's own key, never logged.</summary>
[GenerateSerializer, Immutable, Alias("omniops.contact-details")]
public sealed record ContactDetails(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Phone)
{
    public bool IsEmpty => Name is null && Email is null && Phone is null;

    public override string ToString() => "ContactDetails { [personal data withheld] }";
}
