namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// A kind of personal or secret value the minimiser recognises. Referenced kinds become <c>[{Label}_{n}]</c> in what
/// the model sees; <see cref="EntityKinds.IsRemoved"/> kinds are removed outright and never come back.
/// </summary>
public enum EntityKind
{
    /// <summary>The customer's name or one of its parts.</summary>
    Customer,
    Email,
    Phone,
    Address,
    Postcode,
    Order,
    Tracking,
    Iban,
    IpAddress,

    /// <summary>A URL carrying a token, key or signature in its query or path.</summary>
    TokenUrl,
    NationalId,

    /// <summary>A payment card number (Luhn-valid). Removed, never referenced.</summary>
    Card,

    /// <summary>A card security code. Removed, never referenced.</summary>
    Cvv,

    /// <summary>A password, API key or other secret. Removed, never referenced.</summary>
    Secret,
}
