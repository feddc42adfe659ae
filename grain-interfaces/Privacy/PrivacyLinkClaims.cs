namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>What a privacy link whose signature verified says: its id, its subject and expiry, and whether it has expired.</summary>
[GenerateSerializer, Alias("omniops.privacy-link-claims")]
public sealed record PrivacyLinkClaims(
    [property: Id(0)] string LinkId,
    [property: Id(1)] string CustomerRef,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool Expired)
{
    public override string ToString() => $"PrivacyLinkClaims {{ LinkId = {LinkId}, Expired = {Expired} }}";
}
