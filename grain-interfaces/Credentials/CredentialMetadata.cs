namespace Omniops.Actors.GrainInterfaces.Credentials;

/// <summary>
/// All that is ever shown of a credential. The fingerprint is a keyed hash: it identifies, it does not reveal. The
/// accounts are the platform accounts the channel delivers for (not secret).
/// </summary>
[GenerateSerializer, Alias("omniops.credential-metadata")]
public sealed record CredentialMetadata(
    [property: Id(0)] string Integration,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? RotatedAt,
    [property: Id(4)] DateTimeOffset? PreviousValidUntil,
    [property: Id(5)] IReadOnlyList<string> AllowedHosts,
    [property: Id(6)] IReadOnlyList<string> Accounts);
