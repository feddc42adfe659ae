namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>A live session: who it is for and until when it may go unused (sliding) or live at most (absolute).</summary>
[GenerateSerializer, Immutable, Alias("omniops.member-session")]
public sealed record MemberSession(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset IdleExpiresAt,
    [property: Id(4)] DateTimeOffset ExpiresAt);
