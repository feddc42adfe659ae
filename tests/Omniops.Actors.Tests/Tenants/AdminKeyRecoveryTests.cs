using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Tenants;

/// <summary>A tenant never loses its last admin key by its own hand, and the operator can restore one it lost.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AdminKeyRecoveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheLastAdminKeyCannotBeRevokedAndTheRefusalIsAudited()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        using var revoke = await fixture.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{tenant.AdminKeyId}", tenant.AdminKey);
        using var after = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.Conflict, revoke.StatusCode);
        Assert.Equal("application/problem+json", revoke.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        var revocations = (await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey))
            .Where(e => e.GetProperty("operation").GetString() == "api-key.revoke").ToList();
        var refused = Assert.Single(revocations);
        Assert.Equal(AuditOutcomes.Failure, refused.GetProperty("outcome").GetString());
        Assert.Equal(tenant.AdminKeyId, refused.GetProperty("resource").GetString());
        Assert.Equal("last-admin-key", refused.GetProperty("details").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task WithASecondAdminKeyTheFirstCanBeRevokedAndThenTheSecondCannot()
    {
        var tenant = await fixture.CreateTenantAsync();
        var second = await MintAsync(tenant.AdminKey, "admin");

        using var revokeFirst = await fixture.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{tenant.AdminKeyId}", second.Key);
        using var firstAfter = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);
        using var revokeSecond = await fixture.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{second.KeyId}", second.Key);
        using var secondAfter = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", second.Key);

        Assert.Equal(HttpStatusCode.NoContent, revokeFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, firstAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revokeSecond.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondAfter.StatusCode);
    }

    [Fact]
    public async Task AnOperatorRestoresATenantThatLostItsAdminKeyAndBothLogsRecordIt()
    {
        // The tenant's only admin key is lost (and, as far as anyone knows, leaked): nobody at the tenant can
        // administer it. The operator issues a recovery key; the tenant then revokes the lost one with it.
        var tenant = await fixture.CreateTenantAsync();
        var lostKey = tenant.AdminKey;

        using var recovery = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/admin-keys", fixture.OperatorKey);
        Assert.Equal(HttpStatusCode.Created, recovery.StatusCode);
        var issued = (await recovery.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>())!;
        using var profile = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", issued.Key);
        using var revokeLost = await fixture.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{tenant.AdminKeyId}", issued.Key);
        using var lostAfter = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", lostKey);
        using var keys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", issued.Key);

        Assert.Equal("admin", issued.Role);
        Assert.StartsWith($"omk.{tenant.TenantId}.{issued.KeyId}.", issued.Key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revokeLost.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, lostAfter.StatusCode);
        var remaining = Assert.Single((await keys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(issued.KeyId, remaining.GetProperty("keyId").GetString());

        var recovered = Assert.Single((await WebhookChecks.AuditEventsAsync(fixture, issued.Key)), e => e.GetProperty("operation").GetString() == "api-key.recover");
        Assert.Equal("operator", recovered.GetProperty("actorKind").GetString());
        Assert.Equal(issued.KeyId, recovered.GetProperty("resource").GetString());
        Assert.Equal(AuditOutcomes.Success, recovered.GetProperty("outcome").GetString());
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM omniops_audit_events
            WHERE tenant_id = $1 AND operation = 'ops.tenant.recover' AND resource = $2 AND outcome = 'success' AND actor_kind = 1
              AND details LIKE '%' || $3 || '%'
            """, GrainKeys.OperatorTenant, tenant.TenantId, issued.KeyId));
    }

    [Fact]
    public async Task ARecoveryTheAuditTrailCannotRecordDoesNotHappen()
    {
        var tenant = await fixture.CreateTenantAsync();

        HttpResponseMessage blocked;
        await using (await AuditOutage.StartAsync(fixture, tenant.TenantId))
        {
            blocked = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/admin-keys", fixture.OperatorKey);
        }

        using var keys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
        Assert.DoesNotContain("omk.", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await keys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'ops.tenant.recover' AND resource = $2",
            GrainKeys.OperatorTenant, tenant.TenantId));
        blocked.Dispose();
    }

    [Fact]
    public async Task ATenantAdminKeyCannotIssueRecoveryKeys()
    {
        var tenant = await fixture.CreateTenantAsync();

        using var own = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/admin-keys", tenant.AdminKey);
        using var anonymous = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/admin-keys", null);
        using var keys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", tenant.AdminKey);

        Assert.Contains(own.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Single((await keys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Theory]
    [InlineData("tunknownunknownunknown")]
    [InlineData("ops")]
    [InlineData("Not-An-Id")]
    public async Task RecoveringAnUnknownOrMalformedTenantAnswersNotFound(string tenantId)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenantId}/admin-keys", fixture.OperatorKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<ApiKeyCreatedResponse> MintAsync(string adminKey, string role)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", adminKey, new { role, name = role + " key" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>())!;
    }
}
