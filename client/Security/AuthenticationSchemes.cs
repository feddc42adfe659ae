namespace Omniops.Actors.Client.Security;

/// <summary>
/// The gateway's authentication schemes. <see cref="Bearer"/> (the default) forwards by the key's shape to
/// <see cref="ApiKey"/> (tenant keys, <c>omk.…</c>) or <see cref="OperatorKey"/>; <see cref="Dashboard"/> is the
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
}
