namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>The roles an API key can carry and the scopes each grants (least privilege: agents cannot administer).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Agent = "agent";

    public static bool IsKnown(string? role) => role is Admin or Agent;

    public static ActorKind KindOf(string role) => role == Admin ? ActorKind.TenantAdmin : ActorKind.Agent;

    public static IReadOnlyList<string> ScopesOf(string role) => role switch
    {
        Admin => [Scopes.TenantRead, Scopes.TenantAdmin, Scopes.KeysManage, Scopes.CredentialsManage, Scopes.AuditRead, Scopes.AuditAppend,
            Scopes.ConversationsRead, Scopes.ConversationsWrite, Scopes.OrdersRead, Scopes.PrivacyRead, Scopes.PrivacyManage,
            Scopes.AiDraft, Scopes.AiImprovementRead],
        Agent => [Scopes.TenantRead, Scopes.AuditAppend, Scopes.ConversationsRead, Scopes.ConversationsWrite, Scopes.OrdersRead,
            Scopes.AiDraft],
        _ => [],
    };
}
