using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// Finds a tenant's customer records by e-mail, phone or the merchant's own customer id through the keyed blind
/// indexes (no plain value is stored or logged; the search is audited with the value only as a keyed hash).
/// Key: <c>{tenantId}</c> (stateless).
/// </summary>
[TenantScoped, Alias("omniops.subject-directory")]
public interface ISubjectDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The refs of every customer record the value names (none when it cannot be normalized), in ref order.</summary>
    [Alias("find"), RequiresScope(Scopes.PrivacyRead, Scopes.PrivacyManage)]
    Task<IReadOnlyList<string>> FindAsync(SubjectLookupKind kind, string value);

    /// <summary>Up to <paramref name="limit"/> (1-500) customer record refs after <paramref name="afterRef"/> (null: from the first), in ref order: every record of the tenant, page by page (the tenant export).</summary>
    [Alias("list"), RequiresScope(Scopes.PrivacyRead)]
    Task<IReadOnlyList<string>> ListAsync(string? afterRef, int limit);
}
