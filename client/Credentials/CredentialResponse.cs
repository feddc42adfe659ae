using Omniops.Actors.GrainInterfaces.Credentials;

namespace Omniops.Actors.Client.Credentials;

/// <summary>All that is ever shown of a credential; the fingerprint is a keyed hash (it identifies, it does not reveal).</summary>
public sealed record CredentialResponse(
    string Integration,
    string Fingerprint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? PreviousValidUntil,
    IReadOnlyList<string> AllowedHosts,
    IReadOnlyList<string> Accounts)
{
    public static CredentialResponse From(CredentialMetadata metadata) =>
        new(metadata.Integration, metadata.Fingerprint, metadata.CreatedAt, metadata.RotatedAt, metadata.PreviousValidUntil, metadata.AllowedHosts, metadata.Accounts);
}
