namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>How each <see cref="EntityKind"/> appears in minimised text.</summary>
public static class EntityKinds
{
    /// <summary>What a removed value is replaced with: the same for every kind, so nothing about it can be recovered.</summary>
    public const string RemovedMarker = "[REMOVED]";

    /// <summary>Whether values of the kind are removed outright rather than referenced.</summary>
    public static bool IsRemoved(EntityKind kind) => kind is EntityKind.Card or EntityKind.Cvv or EntityKind.Secret;

    /// <summary>The reference label, e.g. <c>CUSTOMER</c> in <c>[CUSTOMER_1]</c>.</summary>
    public static string Label(EntityKind kind) => kind switch
    {
        EntityKind.Customer => "CUSTOMER",
        EntityKind.Email => "EMAIL",
        EntityKind.Phone => "PHONE",
        EntityKind.Address => "ADDRESS",
        EntityKind.Postcode => "POSTCODE",
        EntityKind.Order => "ORDER",
        EntityKind.Tracking => "TRACKING",
        EntityKind.Iban => "IBAN",
        EntityKind.IpAddress => "IP",
        EntityKind.TokenUrl => "URL",
        EntityKind.NationalId => "NATIONAL_ID",
        EntityKind.Card => "CARD",
        EntityKind.Cvv => "CVV",
        EntityKind.Secret => "SECRET",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
