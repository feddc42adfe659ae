namespace Omniops.Actors.Grains.Storage;

/// <summary>The names of persisted grain states (the grain type column tells them apart in storage).</summary>
public static class StateNames
{
    public const string Tenant = "tenant";
    public const string Credential = "credential";
    public const string Customer = "customer";
    public const string AuditCheckpoint = "audit-checkpoint";
    public const string Order = "order";
    public const string TenantDirectory = "tenant-directory";
    public const string PrivacyRequest = "privacy-request";
    public const string Incident = "incident";
    public const string Members = "members";
    public const string Action = "action";
    public const string ActionIndex = "action-index";
}
