using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The session cookie: its value is only the session token (<c>oms.{tenant}.{session}.{secret}</c>; the session lives
/// in the tenant's members grain). HttpOnly, SameSite=Strict, Secure whenever the request came over HTTPS, path
/// <c>/</c>, no Expires (a browser session; the server ends it after idling or at its absolute lifetime).
/// </summary>
public static class SessionCookie
{
    public const string Name = "omniops_session";

    public static void Append(HttpContext context, string token) =>
        context.Response.Cookies.Append(Name, token, Options(context));

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
