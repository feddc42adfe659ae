using System.Security.Claims;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The one translation between an authenticated <see cref="ClaimsPrincipal"/> (what ASP.NET Core's authentication
/// handlers produce and its policies check) and the <see cref="CallerContext"/> the grains check.
/// </summary>
public static class CallerClaims
{
    public const string Tenant = "omniops:tenant";
    public const string Actor = "omniops:actor";
    public const string Kind = "omniops:kind";
    public const string Scope = "omniops:scope";

    private const string PrivacyLinkActorPrefix = "privacy-link:";

    /// <summary>The customer ref a data subject's privacy link is bound to (only on <see cref="ActorKind.DataSubject"/> principals).</summary>
    public const string Subject = "omniops:subject";

    public static ClaimsPrincipal ToPrincipal(CallerContext caller, string scheme)
    {
        var claims = new List<Claim>(caller.Scopes.Count + 3)
        {
            new(Actor, caller.ActorId),
            new(Kind, caller.Kind.ToString()),
        };
        if (caller.TenantId is not null)
        {
            claims.Add(new Claim(Tenant, caller.TenantId));
        }

        if (caller.Subject is not null)
        {
            claims.Add(new Claim(Subject, caller.Subject));
        }

        claims.AddRange(caller.Scopes.Select(scope => new Claim(Scope, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, Actor, Kind));
    }

    /// <summary>The caller the principal stands for, or null for an anonymous request.</summary>
    public static CallerContext? ToCaller(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(Actor)?.Value is not { } actor ||
            !Enum.TryParse<ActorKind>(user.FindFirst(Kind)?.Value, out var kind))
        {
            return null;
        }

        // A data subject is rebuilt as exactly what a privacy link grants (its scopes are not read from the claims).
        if (kind == ActorKind.DataSubject)
        {
            return user.FindFirst(Tenant)?.Value is { } tenantId && user.FindFirst(Subject)?.Value is { } subject &&
                actor.StartsWith(PrivacyLinkActorPrefix, StringComparison.Ordinal)
                ? CallerContext.DataSubject(tenantId, actor[PrivacyLinkActorPrefix.Length..], subject)
                : null;
        }

        return new CallerContext(user.FindFirst(Tenant)?.Value, actor, kind, [.. user.FindAll(Scope).Select(c => c.Value)]);
    }
}
