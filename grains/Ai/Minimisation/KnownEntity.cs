namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// A value the grains know belongs to this conversation (the customer's name, e-mail, phone, addresses, order and
/// tracking numbers). Known values are replaced wherever they occur, whatever the detectors would say about them.
/// </summary>
public sealed record KnownEntity(EntityKind Kind, string Value)
{
    public override string ToString() => $"KnownEntity {{ Kind = {Kind} }}";
}
