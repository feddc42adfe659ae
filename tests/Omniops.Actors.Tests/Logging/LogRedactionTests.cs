using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Logging;

/// <summary>Secrets and personal data planted through every path we know never reach a log line.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LogRedactionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PlantedSecretsAndPersonalDataNeverAppearInAnyLogLine()
    {
        var tenant = await fixture.CreateTenantAsync("Canary Shop");
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var canarySecret = "canary" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var canaryEmail = $"canary.{Guid.NewGuid():N}@example.com";
        var forgedKey = $"omk.{tenant.TenantId}.{tenant.AdminKeyId}.{canarySecret}";

        using (await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", forgedKey))
        using (await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", agentKey))
        using (await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey,
                   ClusterFixture.RawJson($"{{\"ai\": {{\"allowedRegions\": [\"{canaryEmail}\", \"{canarySecret}\"]}}}}")))
        using (await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, ClusterFixture.RawJson($"{{\"{canarySecret}\": \"{canaryEmail}\"}}")))
        using (await fixture.SendAsync(HttpMethod.Get, $"/v1/audit?after={canarySecret}", tenant.AdminKey))
        using (var denied = await fixture.SendAsync(HttpMethod.Post, "/v1/tenants", canarySecret, new { name = canaryEmail }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        // A careless log call from inside a silo: the pipeline must still redact it.
        var siloLogger = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Canary");
#pragma warning disable CA1848, CA2254 // deliberately the kind of log call the pipeline must survive
        siloLogger.LogError(new InvalidOperationException($"failed for {canaryEmail} with {agentKey}"), $"Bearer {canarySecret} for {canaryEmail}");
#pragma warning restore CA1848, CA2254

        var log = await ReadLogAsync("Canary");
        Assert.Contains("[redacted]", log, StringComparison.Ordinal);
        foreach (var planted in new[] { canarySecret, canaryEmail, tenant.AdminKey, agentKey, agentKey.Split('.')[3], fixture.OperatorKey })
        {
            Assert.DoesNotContain(planted, log, StringComparison.Ordinal);
        }
    }

    private async Task<string> ReadLogAsync(string mustContain)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await Task.Delay(250);
            var text = await OmniopsTestCluster.ReadLogsAsync(fixture.Settings);
            if (text.Contains(mustContain, StringComparison.Ordinal))
            {
                return text;
            }
        }

        throw new TimeoutException("The log line never reached the log file.");
    }
}
