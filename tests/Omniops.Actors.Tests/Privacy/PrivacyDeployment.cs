using Omniops.Actors.Tests.Infrastructure;
using Orleans.Configuration;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// A deployment of its own (its own database, so a full dump holds only what its tests planted) with the privacy
/// workflow's waits shortened: a two-second cooling-off for destructive platform requests and requests resumed by
/// their reminder every second.
/// </summary>
public sealed class PrivacyDeployment : IAsyncLifetime
{
    public static readonly TimeSpan CoolingOff = TimeSpan.FromSeconds(2);

    public ClusterFixture Cluster { get; } = Create();

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();

    /// <summary>A new deployment with the shortened waits (a test that kills silos builds its own).</summary>
    internal static ClusterFixture Create(int fanOut = 64) => new(new Dictionary<string, string?>
    {
        ["Omniops:Compliance:CoolingOff"] = CoolingOff.ToString(),
        ["Omniops:PrivacyRequests:ResumePeriod"] = "00:00:01",
        ["Omniops:PrivacyRequests:FanOut"] = fanOut.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, silo => silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));
}
