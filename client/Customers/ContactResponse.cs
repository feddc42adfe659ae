using Omniops.Actors.GrainInterfaces.Customers;

namespace Omniops.Actors.Client.Customers;

/// <summary>How to reach the customer (decrypted personal data; absent members are unknown).</summary>
public sealed record ContactResponse(string? Name, string? Email, string? Phone)
{
    public static ContactResponse From(ContactDetails contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new(contact.Name, contact.Email, contact.Phone);
    }

    public override string ToString() => "ContactResponse { [personal data withheld] }";
}
