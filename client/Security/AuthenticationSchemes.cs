namespace Omniops.Actors.Client.Security;

/// <summary>
/// The gateway's authentication schemes. <see cref="Bearer"/> (the default) forwards by the key's shape to
/// <see cref="ApiKey"/> (tenant keys, <c>omk.…</c>), <see cref="PrivacyLink"/> (<c>opl.…</c>) or <see cref="OperatorKey"/>; <see cref="Dashboard"/> is the
/// operator key as HTTP Basic or Bearer for the Orleans Dashboard. A browser session and a data subject's signed
/// privacy link are further schemes beside these, each producing a principal that <see cref="CallerClaims"/> turns
/// into a caller.
/// </summary>
public static class AuthenticationSchemes
{
    public const string Bearer = "Bearer";
    public const string ApiKey = "ApiKey";
    public const string OperatorKey = "OperatorKey";
    public const string Dashboard = "Dashboard";

    /// <summary>A data subject's signed privacy link (<c>opl.…</c>, as a bearer token or <c>?token=</c>).</summary>
    public const string PrivacyLink = "PrivacyLink";

    /// <summary>A tenant member's browser session: the <see cref="SessionCookie"/> naming a server-side session.</summary>
    public const string Session = "Session";
}
