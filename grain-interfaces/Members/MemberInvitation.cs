namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>An issued invitation: the link token (a bearer credential: shown once, never stored), its id and expiry.</summary>
[GenerateSerializer, Immutable, Alias("omniops.member-invitation")]
public sealed record MemberInvitation(
    [property: Id(0)] string InvitationId,
    [property: Id(1)] string Token,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"MemberInvitation {{ InvitationId = {InvitationId}, Role = {Role}, ExpiresAt = {ExpiresAt:O} }}";
}
