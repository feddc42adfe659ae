namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// What a privacy link whose signature verified says: its id, its subject and expiry, whether it has expired, and
/// whether the merchant revoked it (<see cref="IPrivacyLinkGrain.RevokeAsync"/>).
/// </summary>
[GenerateSerializer, Alias("omniops.privacy-link-claims")]
public sealed record PrivacyLinkClaims(
    [property: Id(0)] string LinkId,
    [property: Id(1)] string CustomerRef,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool Expired)
{
    [Id(4)] public bool Revoked { get; init; }

    public override string ToString() => $"PrivacyLinkClaims {{ LinkId = {LinkId}, Expired = {Expired}, Revoked = {Revoked} }}";
}
