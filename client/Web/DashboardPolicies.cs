using Microsoft.AspNetCore.Authorization;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The pages' scope policies: a member signed in with a browser session (never an API key, like
/// <see cref="Policies.Member"/>) whose role grants the scope the page's API route requires
/// (<see cref="Policies.Scope"/>). Constants, for the pages' <c>[Authorize]</c> attributes.
/// </summary>
public static class DashboardPolicies
{
    private const string Prefix = "member-scope:";

    public const string CredentialsManage = Prefix + Scopes.CredentialsManage;
    public const string AuditRead = Prefix + Scopes.AuditRead;
    public const string TenantAdmin = Prefix + Scopes.TenantAdmin;
    public const string KeysManage = Prefix + Scopes.KeysManage;
    public const string ConversationsRead = Prefix + Scopes.ConversationsRead;

    internal static void Configure(AuthorizationOptions options)
    {
        foreach (var scope in new[] { Scopes.CredentialsManage, Scopes.AuditRead, Scopes.TenantAdmin, Scopes.KeysManage, Scopes.ConversationsRead })
        {
            options.AddPolicy(Prefix + scope, p => p.AddAuthenticationSchemes(AuthenticationSchemes.Session)
                .RequireClaim(CallerClaims.Kind, nameof(ActorKind.TenantAdmin), nameof(ActorKind.Agent))
                .RequireClaim(CallerClaims.Scope, scope));
        }
    }
}
