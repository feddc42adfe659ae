namespace Omniops.Actors.Grains.Members;

/// <summary>Members, sign-in and sessions (<c>Omniops:Members</c>).</summary>
public sealed class MemberOptions
{
    public const string Section = "Omniops:Members";

    /// <summary>Failed sign-ins of one member within <see cref="LockoutWindow"/> that lock it out.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a lockout lasts (even the right password is refused meanwhile).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A session unused this long ends (sliding).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sessions per member; signing in beyond it ends the oldest.</summary>
    public int MaxSessionsPerMember { get; set; } = 10;

    /// <summary>Members plus pending invitations per tenant.</summary>
    public int MaxMembers { get; set; } = 500;

    public bool IsValid() => LockoutThreshold is >= 1 and <= 100 && LockoutWindow > TimeSpan.Zero && LockoutDuration > TimeSpan.Zero &&
        InvitationLifetime > TimeSpan.Zero && InvitationLifetime <= TimeSpan.FromDays(30) && SessionIdleTimeout > TimeSpan.Zero &&
        SessionLifetime >= SessionIdleTimeout && MaxSessionsPerMember is >= 1 and <= 100 && MaxMembers is >= 1 and <= 10_000;
}
