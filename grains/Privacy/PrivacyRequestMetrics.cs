using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Omniops.Actors.GrainInterfaces.Metrics;
using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Privacy requests of every tenant, as observable gauges: <c>omniops_privacy_requests{state}</c> (received,
/// in-progress, completed, rejected, cancelled) and <c>omniops_privacy_requests_overdue</c> (open past their due date).
/// No tenant id in any label. The counts come from <see cref="IPrivacyRequestStore.CountAsync"/> at most once every
/// <see cref="RefreshEvery"/>: a scrape answers the last counts read and, when they are older, starts reading new ones
/// in the background (the first scrape of a silo therefore reports nothing yet).
/// </summary>
public sealed partial class PrivacyRequestMetrics(IPrivacyRequestStore store, TimeProvider time, ILogger<PrivacyRequestMetrics> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    private static PrivacyRequestMetrics? _current;

    private readonly Lock _gate = new();
    private IReadOnlyList<PrivacyRequestCount> _counts = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private bool _reading;

    static PrivacyRequestMetrics()
    {
        OmniopsMeter.Meter.CreateObservableGauge("omniops.privacy.requests", () => Volatile.Read(ref _current)?.ByState() ?? [],
            "{request}", "Privacy requests of every tenant by state, read at most every 15 s.");
        OmniopsMeter.Meter.CreateObservableGauge("omniops.privacy.requests.overdue", () => Volatile.Read(ref _current)?.Overdue() ?? [],
            "{request}", "Open privacy requests of every tenant past their due date, read at most every 15 s.");
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PrivacyRequestMetrics), ServiceLifecycleStage.Active, _ =>
        {
            Volatile.Write(ref _current, this);
            return Task.CompletedTask;
        });

    private IEnumerable<Measurement<long>> ByState() =>
        Enum.GetValues<PrivacyRequestStatus>().Select(status => new Measurement<long>(
            Counts().Where(c => c.Status == status).Sum(c => c.Requests), new KeyValuePair<string, object?>("state", PrivacyNames.Of(status))));

    private IEnumerable<Measurement<long>> Overdue() => [new(Counts().Sum(c => c.Overdue))];

    private IReadOnlyList<PrivacyRequestCount> Counts()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_reading && now - _readAt >= RefreshEvery)
            {
                _reading = true;
                _ = RefreshAsync(now);
            }

            return _counts;
        }
    }

    private async Task RefreshAsync(DateTimeOffset now)
    {
        IReadOnlyList<PrivacyRequestCount>? counts = null;
        try
        {
            counts = await store.CountAsync(now);
        }
        catch (Exception exception)
        {
            LogCountFailed(logger, exception);
        }
        finally
        {
            lock (_gate)
            {
                _reading = false;
                _readAt = now;
                _counts = counts ?? _counts;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting privacy requests for the gauge failed; the last counts stay.")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
