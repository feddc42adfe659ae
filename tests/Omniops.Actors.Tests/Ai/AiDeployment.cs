using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Ai;

/// <summary>
/// A deployment of its own whose AI provider is a <see cref="FakeOpenAi"/> on 127.0.0.1 (plain http to loopback), in
/// region <c>eu-west</c>; its own database, so a dump holds only what its tests planted. Replies go to a WhatsApp Graph API
/// base on a loopback port of its own (<see cref="GraphPort"/>, where a test's fake listens), with short outbox delays.
/// </summary>
public sealed class AiDeployment : IAsyncLifetime
{
    public const string Region = "eu-west";
    public const string ApiKey = "sk-fake-never-shown-4c1d";

    public FakeOpenAi Provider { get; } = new();

    /// <summary>The loopback port of this deployment's WhatsApp Graph API base (not the shared cluster's, so both can listen).</summary>
    public int GraphPort { get; } = OmniopsTestCluster.FreePort();

    public ClusterFixture Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Provider.StartAsync();
        Cluster = new ClusterFixture(new Dictionary<string, string?>
        {
            ["Omniops:Ai:Endpoint"] = Provider.BaseAddress.ToString(),
            ["Omniops:Ai:Model"] = FakeOpenAi.Model,
            ["Omniops:Ai:Region"] = Region,
            ["Omniops:Ai:ApiKey"] = ApiKey,
            ["Omniops:Ai:RetentionDays"] = "30",
            ["Omniops:Channels:WhatsApp:GraphBaseUrl"] = $"http://127.0.0.1:{GraphPort}/v24.0",
            ["Omniops:Outbox:BaseDelay"] = "00:00:00.200",
            ["Omniops:Outbox:MaxDelay"] = "00:00:01",
            ["Omniops:Outbox:MaxAttempts"] = "4",
        }, null, 1);
        await Cluster.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
