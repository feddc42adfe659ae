namespace Omniops.Actors.Client.Channels;

/// <summary>The sender of a generic message: the channel's own customer reference and optional contact details.</summary>
public sealed record GenericCustomer(string Ref, string? Name = null, string? Email = null, string? Phone = null)
{
    public override string ToString() => "GenericCustomer { [personal data withheld] }";
}
