using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Tenant API keys (<c>Authorization: Bearer omk.{tenantId}.{keyId}.{secret}</c>), checked against the tenant
/// directory in the gateway: no tenant grain is activated and nothing waits on a tenant's serial turn, so wrong keys
/// cannot clog a tenant, and an invented tenant id leaves nothing behind. The secret is hashed and compared in constant
/// time whether or not the tenant or key exists. Failures are audited through <see cref="RejectionAudit"/> (the
/// tenant's log when the tenant exists, the operator log otherwise); a wrong, revoked or relabelled key and garbage
/// all get the same 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantDirectoryCache directory,
    RejectionAudit rejections,
    SignInAudit signIns,
    SourceAddressLimiter sources) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private static readonly byte[] NoKey = new byte[SHA256.HashSizeInBytes];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Anonymous routes (webhooks, health, the OpenAPI document) authenticate nobody: a header there costs nothing.
        // A privacy link is another scheme's (a policy naming only this scheme sees it unauthenticated, and audits nothing).
        if (BearerToken.From(Request) is not { } presented || Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null ||
            Omniops.Actors.GrainInterfaces.Privacy.PrivacyLinkFormat.LooksLikeLink(presented))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.TryParse(presented, out var tenantId, out var keyId, out var secret))
        {
            rejections.Record(GrainKeys.OperatorTenant, "auth.sign-in", Reason("malformed-key"), source: SourceAddressLimiter.CoarseSourceOf(Context));
            return AuthenticateResult.Fail("Invalid key.");
        }

        var presentedHash = ApiKeyFormat.HashSecret(secret);
        TenantDirectoryEntry? entry;
        // A source over its limit is answered from what the gateway knows, plus a trickle of directory reads; past that
        // a miss reads nothing, and the rate limiter refuses and records the request.
        if (!sources.IsExhausted(Context))
        {
            entry = await directory.LookupAsync(tenantId, e => e.Key(keyId) is not null);
        }
        else if (directory.TryCached(tenantId, out var cached))
        {
            entry = cached;
        }
        else if (sources.TryTakeDirectoryRead(Context))
        {
            entry = await directory.LookupAsync(tenantId, e => e.Key(keyId) is not null);
        }
        else
        {
            return AuthenticateResult.Fail("Invalid key.");
        }

        var key = entry is { Active: true } ? entry.Key(keyId) : null;
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, key?.SecretHash ?? NoKey);
        if (key is null || !matches)
        {
            // Only a refusal records where it came from: the successful path formats no source.
            var source = SourceAddressLimiter.CoarseSourceOf(Context);
            // A live key id with a wrong secret (a leaked id) is told apart from ids the tenant does not hold (invented, revoked).
            if (entry is { Active: true })
            {
                rejections.Record(tenantId, "auth.sign-in", Reason(key is null ? "unknown-key" : "wrong-secret"), keyId, source: source);
            }
            else
            {
                rejections.Record(GrainKeys.OperatorTenant, "auth.sign-in", Reason("unknown-tenant"), source: source);
            }

            return AuthenticateResult.Fail("Invalid key.");
        }

        var caller = new CallerContext(tenantId, key.KeyId, Roles.KindOf(key.Role), Roles.ScopesOf(key.Role));
        await signIns.RecordAsync(caller);
        return AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ToPrincipal(caller, Scheme.Name), Scheme.Name));
    }

    private static Dictionary<string, string> Reason(string reason) => new() { ["reason"] = reason };

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Forbidden.ExecuteAsync(Context, rejections);
}
