using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// One privacy request of a tenant: a durable state machine (received → in progress → completed | rejected) with a
/// due date one month after receipt. A reminder resumes the work after a crash or the loss of a silo until the
/// request completes, then unregisters; every step is audited. Key: <c>{tenantId}/{requestId}</c>.
/// </summary>
[TenantScoped, Alias("omniops.privacy-request")]
public interface IPrivacyRequestGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the request and starts it (at once, or at its <see cref="PrivacyRequestStart.NotBefore"/>). Idempotent for the
    /// same request id. Privacy work (<see cref="Scopes.PrivacyErase"/>) starts only retention erasures.
    /// </summary>
    [Alias("start"), RequiresScope(Scopes.PrivacyManage, Scopes.PrivacySelf, Scopes.ChannelsIngest, Scopes.PrivacyErase)]
    Task<PrivacyRequestView> StartAsync(PrivacyRequestStart start);

    /// <summary>The request as it stands; answered even while its work runs.</summary>
    [Alias("get"), RequiresScope(Scopes.PrivacyRead, Scopes.PrivacySelf), Orleans.Concurrency.AlwaysInterleave]
    Task<PrivacyRequestView> GetAsync();

    /// <summary>The signed receipt of a completed erasure; <see cref="Errors.ConflictException"/> before it completed.</summary>
    [Alias("receipt"), RequiresScope(Scopes.PrivacyRead, Scopes.PrivacySelf)]
    Task<SignedReceipt> GetReceiptAsync();

    /// <summary>Cancels a request that has not started (a tenant deletion in its cooling-off period).</summary>
    [Alias("cancel"), RequiresScope(Scopes.PrivacyManage)]
    Task<PrivacyRequestView> CancelAsync();

    /// <summary>The customer records an access request covers (its export is read from them), for the export writer.</summary>
    [Alias("subjects"), RequiresScope(Scopes.PrivacyRead, Scopes.PrivacySelf)]
    Task<IReadOnlyList<string>> SubjectsAsync();

    /// <summary>A tenant's offboarding request and its receipt, for the operator (the tenant's own keys no longer work).</summary>
    [Alias("tenant-deletion"), RequiresScope(Scopes.OpsTenantsDeletion)]
    Task<TenantDeletionView> GetTenantDeletionAsync();

    /// <summary>The subject was erased (by another request or retention): the request keeps no ref of it.</summary>
    [Alias("forget-subject"), RequiresScope(Scopes.PrivacyErase)]
    Task ForgetSubjectAsync(string customerRef);
}
