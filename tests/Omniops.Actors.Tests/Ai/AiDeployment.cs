using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Ai;

/// <summary>
/// A deployment of its own whose AI provider is a <see cref="FakeOpenAi"/> on 127.0.0.1 (plain http to loopback), in
/// region <c>eu-west</c>; its own database, so a dump holds only what its tests planted.
/// </summary>
public sealed class AiDeployment : IAsyncLifetime
{
    public const string Region = "eu-west";
    public const string ApiKey = "sk-fake-never-shown-4c1d";

    public FakeOpenAi Provider { get; } = new();

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
        }, null, 1);
        await Cluster.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
