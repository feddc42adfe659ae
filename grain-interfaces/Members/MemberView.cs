namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>A member as an admin (or the member) sees them: never a password hash, a TOTP secret or a session.</summary>
[GenerateSerializer, Immutable, Alias("omniops.member-view")]
public sealed record MemberView(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string Email,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] bool TotpEnabled,
    [property: Id(5)] int ActiveSessions)
{
    public override string ToString() => $"MemberView {{ MemberId = {MemberId}, Role = {Role} }}";
}
