using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Credentials;

/// <summary>
/// One encrypted integration secret, used only in place. The secret is sealed under the tenant key with the grain id
/// and field as associated data; it is opened only inside <see cref="VerifySignatureAsync"/> and
/// <see cref="SendAsync"/>, and never leaves the grain. Every change and every use is audited; changes fail closed.
/// </summary>
public sealed class CredentialGrain(
    [PersistentState(StateNames.Credential, StorageNames.Main)] IPersistentState<CredentialState> state,
    TenantKeyring keyring,
    IHttpClientFactory httpClients,
    TimeProvider time) : Grain, ICredentialGrain
{
    public const string HttpClientName = "omniops-credentials";

    private static readonly TimeSpan SuccessAuditInterval = TimeSpan.FromHours(1);

    private DateTimeOffset _lastUseAudited = DateTimeOffset.MinValue;

    // The opened signing keys, by the sealed value they came from: a channel verifies on every delivery, and opening
    // the envelope each time would cost more than the HMAC. Held by this activation only; a new secret is a new
    // sealed value, so a rotation or deletion never meets a stale key.
    private readonly Dictionary<EncryptedField, byte[]> _signingKeys = new(ReferenceEqualityComparer.Instance);

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string Integration => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    private IAuditLogGrain Audit => GrainFactory.GetAuditLogGrain(TenantId);

    public async Task<CredentialMetadata> PutAsync(CredentialSecret secret)
    {
        CredentialRules.ValidateSecret(secret.Secret);
        var grace = CredentialRules.Grace(secret.GracePeriod);
        var hosts = CredentialRules.Hosts(secret.AllowedHosts);
        var accounts = CredentialRules.Accounts(Integration, secret.Accounts);
        var now = time.GetUtcNow();
        var rotating = state.State.Secret is not null;
        var fingerprint = await FingerprintAsync(secret.Secret);
        await Audit.AppendAsync(new AuditEntry(rotating ? "credential.rotate" : "credential.create", AuditOutcomes.Success, Integration,
            new Dictionary<string, string> { ["fingerprint"] = fingerprint }));

        if (rotating)
        {
            state.State.PreviousSecret = grace > TimeSpan.Zero ? await ResealAsync(state.State.Secret!, "secret", "previous-secret") : null;
            state.State.PreviousValidUntil = grace > TimeSpan.Zero ? now + grace : null;
            state.State.RotatedAt = now;
        }
        else
        {
            state.State.CreatedAt = now;
        }

        state.State.Secret = await keyring.SealAsync(TenantId, this.GetGrainId(), "secret", secret.Secret);
        state.State.Fingerprint = fingerprint;
        state.State.AllowedHosts = hosts;
        state.State.Accounts = accounts;
        await state.WriteStateAsync();
        await GrainFactory.GetTenantGrain(TenantId).ConnectIntegrationAsync(Integration);
        return Metadata();
    }

    public Task<CredentialMetadata> GetMetadataAsync()
    {
        RequireCredential();
        return Task.FromResult(Metadata());
    }

    public async Task DeleteAsync()
    {
        RequireCredential();
        await Audit.AppendAsync(new AuditEntry("credential.delete", AuditOutcomes.Success, Integration));
        await state.ClearStateAsync();
        await GrainFactory.GetTenantGrain(TenantId).DisconnectIntegrationAsync(Integration);
    }

    public async Task<bool> VerifySignatureAsync(SignatureCheck check)
    {
        RequireCredential();
        var valid = Matches(await SigningKeyAsync(state.State.Secret!, "secret"), check);
        var now = time.GetUtcNow();
        if (!valid && state.State.PreviousSecret is { } previous && now < state.State.PreviousValidUntil)
        {
            valid = Matches(await SigningKeyAsync(previous, "previous-secret"), check);
        }

        // A success is audited at most once an hour per activation, like sign-ins: a webhook channel verifies on every
        // delivery, and the trail should record the credential's use, not each message. A failure is not audited here:
        // anyone can send a bad signature, and the gateway audits those refusals within its budget (webhook.reject,
        // bad-signature) without making this grain wait on an audit write per stranger.
        if (valid && now - _lastUseAudited >= SuccessAuditInterval)
        {
            // Marked before the write: verifications interleave, and one event an hour is the point.
            var audited = _lastUseAudited;
            _lastUseAudited = now;
            try
            {
                await Audit.AppendAsync(new AuditEntry("credential.verify", AuditOutcomes.Success, Integration));
            }
            catch
            {
                _lastUseAudited = audited;
                throw;
            }
        }

        return valid;
    }

    public Task<bool> HoldsAccountsAsync(IReadOnlyList<string> accounts)
    {
        RequireCredential();
        var held = state.State.Accounts ?? [];
        return Task.FromResult(accounts.Count > 0 && accounts.All(a => a is not null && held.Contains(CredentialRules.NormalizeAccount(Integration, a), StringComparer.Ordinal)));
    }

    public async Task<OutboundResponse> SendAsync(OutboundRequest request)
    {
        RequireCredential();
        if (!CredentialRules.IsAllowed(request.Url, state.State.AllowedHosts))
        {
            await Audit.AppendAsync(new AuditEntry("credential.send", AuditOutcomes.Denied, Integration,
                new Dictionary<string, string> { ["host"] = request.Url.Host }));
            throw new AccessDeniedException("The credential may not be sent to that host.");
        }

        await Audit.AppendAsync(new AuditEntry("credential.send", AuditOutcomes.Success, Integration,
            new Dictionary<string, string> { ["host"] = request.Url.Host, ["method"] = request.Method }));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        var secret = await OpenAsync(state.State.Secret!, "secret");
        message.Headers.TryAddWithoutValidation(request.AuthorizationHeader, request.Scheme is null ? secret : $"{request.Scheme} {secret}");
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
        }

        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message);
        return new OutboundResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    public async Task<OutboundResponse> PostSignedAsync(byte[] body, string idempotencyKey)
    {
        RequireCredential();
        if (state.State.Accounts is not [var destination] || !Uri.TryCreate(destination, UriKind.Absolute, out var url) ||
            !CredentialRules.IsAllowed(url, state.State.AllowedHosts))
        {
            await Audit.AppendAsync(new AuditEntry("credential.send", AuditOutcomes.Denied, Integration));
            throw new AccessDeniedException("The credential has no destination URL on an allowed host.");
        }

        await Audit.AppendAsync(new AuditEntry("credential.send", AuditOutcomes.Success, Integration,
            new Dictionary<string, string> { ["host"] = url.Host, ["method"] = "POST" }));
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp + ".", signed);
        body.CopyTo(signed, timestamp.Length + 1);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(await SigningKeyAsync(state.State.Secret!, "secret"), signed));
        using var message = new HttpRequestMessage(HttpMethod.Post, url);
        message.Headers.TryAddWithoutValidation("X-Omniops-Timestamp", timestamp);
        message.Headers.TryAddWithoutValidation("X-Omniops-Signature", "sha256=" + signature);
        message.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message);
        return new OutboundResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    private void RequireCredential()
    {
        if (state.State.Secret is null)
        {
            // Nothing stored: keep no activation behind for an integration that is not (or no longer) connected.
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }
    }

    private CredentialMetadata Metadata() => new(Integration, state.State.Fingerprint, state.State.CreatedAt, state.State.RotatedAt,
        state.State.PreviousSecret is null ? null : state.State.PreviousValidUntil, [.. state.State.AllowedHosts], [.. state.State.Accounts ?? []]);

    private ValueTask<string> OpenAsync(EncryptedField sealedSecret, string field) =>
        keyring.OpenAsync(TenantId, this.GetGrainId(), field, sealedSecret);

    private async ValueTask<EncryptedField> ResealAsync(EncryptedField sealedSecret, string fromField, string toField) =>
        await keyring.SealAsync(TenantId, this.GetGrainId(), toField, await OpenAsync(sealedSecret, fromField));

    private async Task<string> FingerprintAsync(string secret) =>
        "fp-" + Convert.ToHexStringLower(HMACSHA256.HashData(await keyring.DeriveAsync(TenantId, "credential-fingerprint/v1"), Encoding.UTF8.GetBytes(secret)))[..16];

    private async ValueTask<byte[]> SigningKeyAsync(EncryptedField sealedSecret, string field)
    {
        if (!_signingKeys.TryGetValue(sealedSecret, out var key))
        {
            key = Encoding.UTF8.GetBytes(await OpenAsync(sealedSecret, field));
            if (_signingKeys.Count >= 2)
            {
                _signingKeys.Clear();
            }

            _signingKeys[sealedSecret] = key;
        }

        return key;
    }

    private static bool Matches(byte[] key, SignatureCheck check)
    {
        var expected = HMACSHA256.HashData(key, check.SignedBytes);
        byte[] presented;
        try
        {
            presented = check.Algorithm == SignatureAlgorithm.HmacSha256Base64
                ? Convert.FromBase64String(check.Signature)
                : Convert.FromHexString(check.Signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }
}
