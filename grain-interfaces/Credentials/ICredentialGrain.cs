using Omniops.Actors.GrainInterfaces.Security;
using Orleans.Concurrency;

namespace Omniops.Actors.GrainInterfaces.Credentials;

/// <summary>
/// One integration credential of a tenant. Key: <c>{tenantId}/{integration}</c>. Write-only from outside: the secret
/// is accepted once and used in place — to verify a signature or to authorise an outbound call — and no method
/// returns it.
/// </summary>
[TenantScoped, Alias("omniops.credential")]
public interface ICredentialGrain : IGrainWithStringKey
{
    /// <summary>Stores the secret, or rotates it: the previous one keeps verifying for the grace period.</summary>
    [Alias("put"), RequiresScope(Scopes.CredentialsManage)]
    Task<CredentialMetadata> PutAsync(CredentialSecret secret);

    [Alias("get-metadata"), RequiresScope(Scopes.CredentialsManage)]
    Task<CredentialMetadata> GetMetadataAsync();

    [Alias("delete"), RequiresScope(Scopes.CredentialsManage)]
    Task DeleteAsync();

    /// <summary>
    /// Checks a signature made with the secret (or, within the grace period, the previous one), in constant time.
    /// Read-only, so verifications interleave: a stream of bad signatures does not queue a tenant's real deliveries.
    /// </summary>
    [Alias("verify"), ReadOnly, RequiresScope(Scopes.CredentialsUse)]
    Task<bool> VerifySignatureAsync(SignatureCheck check);

    /// <summary>
    /// Whether every one of <paramref name="accounts"/> is among the platform accounts recorded with the credential —
    /// false for any other, and for every account when none are recorded. A channel asks this after the signature
    /// verified, so an authentic delivery for another business's account is not taken as this tenant's.
    /// </summary>
    [Alias("holds-accounts"), ReadOnly, RequiresScope(Scopes.CredentialsUse)]
    Task<bool> HoldsAccountsAsync(IReadOnlyList<string> accounts);

    /// <summary>Sends an outbound request to an allowed host with the secret as its authorisation; returns the response.</summary>
    [Alias("send"), RequiresScope(Scopes.CredentialsUse)]
    Task<OutboundResponse> SendAsync(OutboundRequest request);

    /// <summary>
    /// POSTs <paramref name="body"/> (JSON) to the credential's one account, its destination URL (on an allowed host),
    /// signed with the secret exactly as inbound generic deliveries are: <c>X-Omniops-Timestamp</c> and
    /// <c>X-Omniops-Signature: sha256=</c> hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c>, with
    /// <paramref name="idempotencyKey"/> as <c>Idempotency-Key</c>; returns the response.
    /// </summary>
    [Alias("post-signed"), RequiresScope(Scopes.CredentialsUse)]
    Task<OutboundResponse> PostSignedAsync(byte[] body, string idempotencyKey);
}
