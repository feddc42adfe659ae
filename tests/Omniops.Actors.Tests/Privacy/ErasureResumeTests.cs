using System.Diagnostics;
using System.Net;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// A silo dies in the middle of a large erasure: the request is resumed by its reminder on the surviving silos and
/// completes, leaving nothing of the subject.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ErasureResumeTests
{
    private const int Conversations = 600;

    [Fact]
    public async Task AnErasureInterruptedByASilosDeathIsResumedAndLeavesNothing()
    {
        // One grain call at a time, so the fan-out over the conversations is still running when the silo dies.
        var fixture = PrivacyDeployment.Create(fanOut: 1);
        await fixture.InitializeAsync();
        try
        {
            var tenant = await fixture.CreateTenantAsync();
            var channel = CallerContext.Channel(tenant.TenantId, ChannelNames.Generic);
            var inbox = fixture.Grains.GetChannelInboxGrain(tenant.TenantId, ChannelNames.Generic);
            // Seeded as a platform delivers: a "try again" (the store briefly unreachable under load) is retried with
            // the same message id, which the inbox stores once, for as long as a platform keeps retrying (a minute
            // here; five quick retries were not enough once on a starved CI machine).
            var seedDeadline = DateTimeOffset.UtcNow.AddMinutes(1);
            await Parallel.ForEachAsync(Enumerable.Range(0, Conversations), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await CallerContext.RunAsAsync(channel, () => inbox.ReceiveMessageAsync(new InboundMessage(
                            $"resume-{i}", $"resume-conv-{i}", new InboundContact("resume-subject", "Resume Subject", "resume.subject@example.com"), $"Message {i}", [], null)));
                        return;
                    }
                    catch (StoreUnavailableException) when (DateTimeOffset.UtcNow < seedDeadline)
                    {
                        await Task.Delay(200 * Math.Min(attempt, 10));
                    }
                }
            });
            using var page = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations?limit=1", tenant.AdminKey);
            var customerRef = (await Webhooks.JsonAsync(page)).GetProperty("conversations")[0].GetProperty("customerRef").GetString()!;
            Assert.Equal(Conversations, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenant.TenantId));

            var requestId = await PrivacyChecks.StartAsync(fixture, tenant.AdminKey, new { kind = "erasure", customerRef });
            var seenInProgress = await InProgressAsync(fixture, tenant.AdminKey, requestId);
            await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[1]);
            await fixture.Cluster.StartAdditionalSiloAsync();
            var done = await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, requestId, TimeSpan.FromSeconds(120));

            Assert.True(seenInProgress, "the erasure had finished before the silo was killed");
            Assert.Equal("completed", done.GetProperty("status").GetString());
            Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenant.TenantId));
            Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenant.TenantId));
            Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1", tenant.TenantId));
            Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1", tenant.TenantId + "/" + customerRef));
            using var receipt = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{requestId}/receipt", tenant.AdminKey);
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>Polls until the request is in progress; false if it completed before that was seen.</summary>
    private static async Task<bool> InProgressAsync(ClusterFixture fixture, string adminKey, string requestId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, adminKey);
            switch ((await Webhooks.JsonAsync(response)).GetProperty("status").GetString())
            {
                case "in-progress":
                    return true;
                case "completed":
                    return false;
            }

            await Task.Delay(10);
        }

        return false;
    }
}
