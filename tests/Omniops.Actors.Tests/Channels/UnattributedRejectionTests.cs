using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>Rejections nobody can be held to reach the operator log one by one up to a budget, then as counted summaries.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnattributedRejectionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AScanOfUnknownTenantsIsAuditedUpToTheBudgetAndTheRestIsCountedNotLost()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["Omniops:RejectionAuditsPerMinute"] = "3" };
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, settings);
        await using var _ = gateway.Stopping();
        using var http = new HttpClient { BaseAddress = address };
        var scanned = Enumerable.Range(0, 8).Select(_ => GrainKeys.NewTenantId()).ToArray();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        foreach (var tenantId in scanned)
        {
            using var response = await Webhooks.PostGenericAsync(http, tenantId, "a-guessed-secret", Webhooks.GenericBody("scan", "crm-scan", "probe"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var rejections = gateway.Services.GetRequiredService<RejectionAudit>();
        await rejections.DrainAsync();
        var audited = 0L;
        foreach (var tenantId in scanned)
        {
            audited += await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
                SELECT count(*) FROM omniops_audit_events
                WHERE tenant_id = 'ops' AND operation = 'webhook.reject' AND details::jsonb ->> 'tenant' = $1 AND details::jsonb ->> 'reason' = 'not-connected'
                """, tenantId);
        }

        Assert.Equal(3L, audited);
        await rejections.FlushAsync();
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM omniops_audit_events
            WHERE tenant_id = 'ops' AND operation = 'webhook.reject-suppressed' AND details::jsonb ->> 'channel' = 'generic'
              AND details::jsonb ->> 'reason' = 'not-connected' AND details::jsonb ->> 'count' = '5' AND (details::jsonb ->> 'since')::timestamptz >= $1
            """, started.UtcDateTime));
        foreach (var tenantId in scanned)
        {
            Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenantId));
        }
    }
}
