using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The privacy page's cookie: after a privacy link's first visit (<c>/privacy?token=…</c>) the page moves the verified
/// token here and redirects to the clean <c>/privacy</c>, so the token stays out of the address bar, the history, a
/// bookmark and any later request line. HttpOnly; path <c>/privacy</c> (the browser sends it to the privacy page and
/// its export downloads only, never to the dashboard or the API); Secure whenever the request came over HTTPS;
/// SameSite=Lax, not Strict: the link is opened from a mail on another site, and a Strict cookie set on that
/// cross-site navigation would not come back with the redirect that follows it (the page's forms carry antiforgery
/// tokens). No Expires: it ends with the browser session, and the token in it still expires on its own.
/// </summary>
public static class PrivacyLinkCookie
{
    public const string Name = "omniops_privacy";

    public const string Path = "/privacy";

    public static void Append(HttpContext context, string token) => context.Response.Cookies.Append(Name, token, Options(context));

    /// <summary>The link the request's cookie carries, for requests under <see cref="Path"/> only.</summary>
    public static string? From(HttpRequest request) =>
        request.Path.StartsWithSegments(Path, StringComparison.Ordinal) && request.Cookies.TryGetValue(Name, out var token) ? token : null;

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = Path,
        IsEssential = true,
    };
}
