using Microsoft.AspNetCore.Builder;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// A gateway of the production pipeline over the shared cluster whose flood defences are opened wide, so generated
/// requests reach the adapters and parsers instead of the 429 that a real flood from one address gets; the
/// rejection-audit budget stays at its default (the property tests check the audit trail grows within it).
/// </summary>
public static class FuzzGateway
{
    public static Task<(WebApplication App, Uri Address)> StartAsync(ClusterFixture fixture)
    {
        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["Omniops:AnonymousPermitsPerSecond"] = "1000000",
            ["Omniops:AnonymousBurst"] = "1000000",
            ["Omniops:RefusalDelayMilliseconds"] = "0",
            ["Omniops:UnverifiedDeliveriesPerSource"] = "10000",
            ["Omniops:Webhooks:PermitsPerSecond"] = "10000000",
            ["Omniops:Webhooks:Burst"] = "10000000",
        };
        return GatewayHost.StartAsync(fixture.Cluster.Client, settings);
    }
}
