namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>Permission scopes. Grain methods declare the scopes that may call them with <see cref="RequiresScopeAttribute"/>.</summary>
public static class Scopes
{
    public const string TenantRead = "tenant:read";
    public const string TenantAdmin = "tenant:admin";
    public const string KeysManage = "keys:manage";
    public const string AuditRead = "audit:read";

    /// <summary>Appending to one's own tenant's audit log. Internal: no HTTP route reaches it.</summary>
    public const string AuditAppend = "audit:append";

    /// <summary>Retention: removes a log's old events through the privileged path that keeps a horizon (system only).</summary>
    public const string AuditExpire = "system:audit:expire";

    public const string CredentialsManage = "credentials:manage";

    /// <summary>Using a credential in place (verify a signature, authorise an outbound call). Never granted to AI tools.</summary>
    public const string CredentialsUse = "credentials:use";

    public const string ConversationsRead = "conversations:read";
    public const string ConversationsWrite = "conversations:write";

    /// <summary>Reading order, shipping, return and refund data.</summary>
    public const string OrdersRead = "orders:read";

    /// <summary>Ask the AI provider for a draft reply and approve, reject or regenerate drafts.</summary>
    public const string AiDraft = "ai:draft";

    /// <summary>Read the tenant's minimised transcripts for improvement use (only with the tenant's training opt-in).</summary>
    public const string AiImprovementRead = "ai:improvement:read";

    /// <summary>
    /// Delivering what a chat channel or shop platform sent, after its webhook signature was verified. Held only by
    /// <see cref="CallerContext.Channel"/>: agents cannot forge customer messages, channels cannot read anything.
    /// </summary>
    public const string ChannelsIngest = "channels:ingest";

    /// <summary>Sends stored outbound messages (replies) to the customer's channel: the outbox's own system work only.</summary>
    public const string ChannelsSend = "system:channels:send";

    /// <summary>Finding data subjects, reading privacy requests, their exports and receipts (tenant admin).</summary>
    public const string PrivacyRead = "privacy:read";

    /// <summary>Starting privacy requests (access, rectification, erasure), legal holds and privacy links (tenant admin).</summary>
    public const string PrivacyManage = "privacy:manage";

    /// <summary>
    /// Carrying out a privacy request: the erasure and export steps on the subject's grains. Held only by
    /// <see cref="CallerContext.Privacy"/> (a privacy request or retention sweep acting for its own tenant).
    /// </summary>
    public const string PrivacyErase = "privacy:erase";

    /// <summary>A data subject through the privacy link the merchant issued: only their own data and requests.</summary>
    public const string PrivacySelf = "privacy:self";

    /// <summary>The gateway verifying an API key against its tenant.</summary>
    public const string Authenticate = "system:authenticate";
    public const string Health = "system:health";

    /// <summary>A tenant grain publishing its own entry to the tenant directory (<c>ITenantDirectoryGrain</c>).</summary>
    public const string DirectoryPublish = "system:directory:publish";

    public const string OpsTenantsCreate = "ops:tenants:create";
    public const string OpsAuditVerify = "ops:audit:verify";
    public const string OpsKeys = "ops:keys";

    /// <summary>Minting a new admin key for a tenant that lost its own (recovery of a locked-out tenant). Operator only.</summary>
    public const string OpsTenantsRecover = "ops:tenants:recover";

    /// <summary>The operator reads a tenant's offboarding and its receipt.</summary>
    public const string OpsTenantsDeletion = "ops:tenants:deletion";

    /// <summary>Recording breach incidents and listing the tenant directory to find whom they affect. Operator only.</summary>
    public const string OpsIncidents = "ops:incidents";

    /// <summary>Running a tenant's retention sweep on demand (its reminder runs it on schedule). Operator only.</summary>
    public const string OpsRetention = "ops:retention";

    public static readonly IReadOnlyList<string> OperatorScopes = [OpsTenantsCreate, OpsTenantsRecover, OpsAuditVerify, OpsKeys, AuditAppend, Health, OpsIncidents, OpsTenantsDeletion, OpsRetention];

    public static readonly IReadOnlyList<string> SystemScopes = [AuditAppend, Health, CredentialsUse, DirectoryPublish, AuditExpire, ChannelsSend];

    public static readonly IReadOnlyList<string> ChannelScopes = [CredentialsUse, ChannelsIngest, AuditAppend];

    /// <summary>What privacy work (a request's steps, a retention sweep) holds for its own tenant: read to export, erase, audit.</summary>
    public static readonly IReadOnlyList<string> PrivacyScopes = [PrivacyErase, PrivacyRead, ConversationsRead, OrdersRead, AuditAppend, AuditRead];

    /// <summary>
    /// What a data subject's privacy link grants: their own requests and export, nothing of anyone else's (and the
    /// audit trail of what they do, which the grains write as them; no HTTP route reaches the audit log's append).
    /// </summary>
    public static readonly IReadOnlyList<string> SubjectScopes = [PrivacySelf, AuditAppend];
}
