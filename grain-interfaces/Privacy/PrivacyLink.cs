namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>An issued privacy link: the token (a bearer credential: shown once, never stored), its id and expiry.</summary>
[GenerateSerializer, Alias("omniops.privacy-link-issued")]
public sealed record PrivacyLink(
    [property: Id(0)] string Token,
    [property: Id(1)] string LinkId,
    [property: Id(2)] DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"PrivacyLink {{ LinkId = {LinkId}, ExpiresAt = {ExpiresAt:O} }}";
}
