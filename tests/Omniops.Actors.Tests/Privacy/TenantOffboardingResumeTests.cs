using System.Net;
using System.Text.Json;
using Npgsql;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// An offboarding interrupted at its last step (the tenant key cannot be deleted) stays open with what it did
/// recorded; its reminder resumes it from that step once the failure is gone, without repeating the earlier ones.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantOffboardingResumeTests(PrivacyDeployment deployment) : IClassFixture<PrivacyDeployment>
{
    private ClusterFixture Fixture => deployment.Cluster;

    [Fact]
    public async Task AnOffboardingStoppedAtTheTenantKeyIsResumedByItsReminderFromThatStepAndRecordsTheErasureOnce()
    {
        var tenant = await Fixture.CreateTenantAsync("Resumed Outfitters");
        const string secret = "resumed-generic-secret";
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "generic", secret);
        using (var message = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("r-1", "resumed-customer", "Hello")))
        {
            Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        }

        var runtimeRole = new NpgsqlConnectionStringBuilder(Fixture.ApplicationConnectionString).Username!;
        await Sql.ExecuteAsync(Fixture.OwnerConnectionString, $"REVOKE DELETE ON omniops_tenant_keys FROM \"{runtimeRole}\"");
        try
        {
            using var delete = await Fixture.SendAsync(HttpMethod.Delete, "/v1/tenant", tenant.AdminKey, new { confirm = tenant.TenantId });
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            await WaitAsync(async () => await ErasuresAsync(tenant.TenantId) == 1);

            // Stopped before the key: everything else is gone, the key and the open request remain, and retries keep failing.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var stopped = await DeletionAsync(tenant.TenantId);
            Assert.Equal("in-progress", stopped.GetProperty("request").GetProperty("status").GetString());
            Assert.True(await Sql.ScalarAsync(Fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_tenant_keys WHERE tenant_id = $1", tenant.TenantId) > 0);
            Assert.Equal(0, await Sql.ScalarAsync(Fixture.SuperuserConnectionString, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenant.TenantId));
        }
        finally
        {
            await Sql.ExecuteAsync(Fixture.OwnerConnectionString, $"GRANT DELETE ON omniops_tenant_keys TO \"{runtimeRole}\"");
        }

        await WaitAsync(async () => (await DeletionAsync(tenant.TenantId)).GetProperty("request").GetProperty("status").GetString() == "completed");
        var receipt = JsonDocument.Parse((await DeletionAsync(tenant.TenantId)).GetProperty("receipt").GetProperty("receipt").GetString()!).RootElement;
        Assert.True(receipt.GetProperty("tenantKeyDestroyed").GetBoolean());
        Assert.Equal(1, receipt.GetProperty("erased").GetProperty("conversations").GetInt32());
        Assert.Equal(0, await Sql.ScalarAsync(Fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_tenant_keys WHERE tenant_id = $1", tenant.TenantId));
        Assert.Equal(1, await ErasuresAsync(tenant.TenantId));
        Assert.Equal(1, await Sql.ScalarAsync(Fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = 'ops' AND operation = 'tenant.erase' AND resource = $1", tenant.TenantId));
    }

    private Task<long> ErasuresAsync(string tenantId) => Sql.ScalarAsync(Fixture.SuperuserConnectionString,
        "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'tenant.erase'", tenantId);

    private async Task<JsonElement> DeletionAsync(string tenantId)
    {
        using var response = await Fixture.SendAsync(HttpMethod.Get, $"/ops/tenants/{tenantId}/deletion", Fixture.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Webhooks.JsonAsync(response);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Timed out.");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
    }
}
