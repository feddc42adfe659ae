using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>A shipping address (decrypted personal data).</summary>
public sealed record PostalAddressResponse(string? Name, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country, string? Phone)
{
    public static PostalAddressResponse From(PostalAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new(address.Name, address.Line1, address.Line2, address.City, address.Region, address.PostalCode, address.Country, address.Phone);
    }

    public override string ToString() => "PostalAddressResponse { [personal data withheld] }";
}
