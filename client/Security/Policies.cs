using Microsoft.AspNetCore.Authorization;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The gateway's authorization policies. Every route names one (or is on the short anonymous list: webhooks, health,
/// the OpenAPI document); a route that names none falls to the fallback policy, which requires an authenticated caller,
/// so a forgotten declaration fails closed.
/// </summary>
public static class Policies
{
    /// <summary>The operator, by the operator key.</summary>
    public const string Operator = "operator";

    /// <summary>The operator in a browser: the operator key as HTTP Basic or Bearer, for the Orleans Dashboard.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>A data subject through their privacy link (and nobody else): their own data and requests only.</summary>
    public const string Subject = "subject";

    /// <summary>A tenant member signed in with a browser session (and nobody else): their own profile and second factor.</summary>
    public const string Member = "member";

    /// <summary>A tenant API key or a member's session whose role grants <paramref name="scope"/>.</summary>
    public static string Scope(string scope) => "scope:" + scope;

    internal static void Configure(AuthorizationOptions options)
    {
        // A data subject's privacy link passes no policy but Subject: not even the authenticated-caller default.
        var authenticated = new AuthorizationPolicyBuilder(AuthenticationSchemes.Bearer, AuthenticationSchemes.Session).RequireAuthenticatedUser()
            .RequireAssertion(context => !context.User.HasClaim(CallerClaims.Kind, nameof(ActorKind.DataSubject))).Build();
        options.DefaultPolicy = authenticated;
        options.FallbackPolicy = authenticated;
        options.AddPolicy(Operator, p => p.AddAuthenticationSchemes(AuthenticationSchemes.OperatorKey)
            .RequireClaim(CallerClaims.Kind, nameof(ActorKind.Operator)));
        options.AddPolicy(Dashboard, p => p.AddAuthenticationSchemes(AuthenticationSchemes.Dashboard)
            .RequireClaim(CallerClaims.Kind, nameof(ActorKind.Operator)));
        options.AddPolicy(Subject, p => p.AddAuthenticationSchemes(AuthenticationSchemes.PrivacyLink)
            .RequireClaim(CallerClaims.Kind, nameof(ActorKind.DataSubject)).RequireClaim(CallerClaims.Scope, Scopes.PrivacySelf));
        options.AddPolicy(Member, p => p.AddAuthenticationSchemes(AuthenticationSchemes.Session)
            .RequireClaim(CallerClaims.Kind, nameof(ActorKind.TenantAdmin), nameof(ActorKind.Agent)));
        foreach (var scope in Roles.ScopesOf(Roles.Admin).Union(Roles.ScopesOf(Roles.Agent)))
        {
            options.AddPolicy(Scope(scope), p => p.AddAuthenticationSchemes(AuthenticationSchemes.ApiKey, AuthenticationSchemes.Session)
                .RequireClaim(CallerClaims.Scope, scope));
        }
    }
}
