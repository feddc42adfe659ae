using System.Net;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Ai;

/// <summary>A deployment without an AI provider: every AI route says so; nothing pretends to be a model.</summary>
public sealed class AiUnavailableTests
{
    [Fact]
    public async Task WithoutAConfiguredProviderEveryDraftRouteAnswersAiUnavailableAndNoDraftIsMadeUp()
    {
        var fixture = new ClusterFixture(new Dictionary<string, string?>
        {
            ["Omniops:Ai:Endpoint"] = string.Empty,
            ["Omniops:Ai:Model"] = string.Empty,
            ["Omniops:Ai:Region"] = string.Empty,
            ["Omniops:Ai:ApiKey"] = string.Empty,
        }, null, 1);
        await fixture.InitializeAsync();
        try
        {
            var seeded = await AiConversations.SeedAsync(fixture, AiConversations.Allowed());

            using var draft = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts", seeded.AgentKey);
            using var regenerate = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts/dnone/regenerate", seeded.AgentKey);
            using var approve = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts/dnone/approve", seeded.AgentKey, new { });
            using var reject = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts/dnone/reject", seeded.AgentKey);
            var problem = await Webhooks.JsonAsync(draft);
            using var read = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{seeded.ConversationId}", seeded.AgentKey);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, draft.StatusCode);
            Assert.EndsWith("ai-unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Contains("No AI provider is configured", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, regenerate.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, approve.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, reject.StatusCode);
            Assert.Single((await Webhooks.JsonAsync(read)).GetProperty("messages").EnumerateArray());
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
