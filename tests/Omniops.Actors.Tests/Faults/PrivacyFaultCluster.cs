using System.Globalization;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// One <see cref="FaultCluster"/> (four silo processes, the standalone gateway, the fault run's own PostgreSQL) shared
/// by the privacy fault tests, with the privacy workflow's waits shortened through configuration so that work a kill
/// interrupted resumes within seconds: Orleans' minimum reminder period one second
/// (<c>Omniops__Cluster__Reminders__MinimumReminderPeriod</c>), privacy requests resumed every second, retention swept
/// every two seconds, a one-second cooling-off for a tenant deletion, and pages of ten rows (retention and
/// offboarding), so each piece of work spans several pages. Four silos, as each test kills one: the last test still
/// starts with two (no silo is started between tests, which on a loaded machine took more than two minutes).
/// </summary>
public sealed class PrivacyFaultCluster : IAsyncLifetime
{
    public const int PageSize = 10;

    private readonly FaultPostgres _postgres = new();
    private FaultCluster? _cluster;

    public FaultCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var page = PageSize.ToString(CultureInfo.InvariantCulture);
        _cluster = await FaultCluster.StartAsync(_postgres, "privfault", new Dictionary<string, string?>
        {
            ["Omniops__Cluster__Reminders__MinimumReminderPeriod"] = "00:00:01",
            ["Omniops__PrivacyRequests__ResumePeriod"] = "00:00:01",
            ["Omniops__PrivacyRequests__OffboardingPageSize"] = page,
            ["Omniops__Retention__SweepPeriod"] = "00:00:02",
            ["Omniops__Retention__PageSize"] = page,
            ["Omniops__Tenants__DeletionCoolingOff"] = "00:00:01",
        }, silos: 4);
    }

    /// <summary>Fails unless at least two silos are running (so one may be killed and the work still has somewhere to go).</summary>
    public void AssertTwoSilosLeft() =>
        Assert.True(Cluster.Silos.Count(s => !s.Process.HasExited) >= 2, "fewer than two silos left");

    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
        finally
        {
            _postgres.Dispose();
        }
    }
}
