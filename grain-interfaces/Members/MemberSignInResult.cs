namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>A sign-in's outcome; on success the session token (<see cref="MemberTokens"/>: shown once, the cookie's value).</summary>
[GenerateSerializer, Immutable, Alias("omniops.member-sign-in-result")]
public sealed record MemberSignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] string? SessionToken = null,
    [property: Id(2)] MemberSession? Session = null)
{
    public override string ToString() => $"MemberSignInResult {{ Outcome = {Outcome}, Session = {Session} }}";
}
