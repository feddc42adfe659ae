using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Keeps no activation behind for an id that names nothing stored (a made-up or mistyped one), retiring it a moment
/// later rather than at once: a deactivation forwards the calls queued behind it, and a burst of calls for one unknown
/// id, each deactivating the next activation, ran out of forwards and was answered 503 (a finding of the hostile-input
/// property test). One per grain activation; <paramref name="stillAbsent"/> is asked again when the moment has passed.
/// </summary>
internal sealed class AbsentRecordRetirement(IGrainBase grain, Func<bool> stillAbsent)
{
    private static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(5);
    private bool _scheduled;

    /// <summary>Schedules the retirement (once) and returns the 404 to throw.</summary>
    public ResourceNotFoundException NotFound()
    {
        if (!_scheduled)
        {
            _scheduled = true;
            grain.RegisterGrainTimer(static (retirement, _) => retirement.RetireIfStillAbsentAsync(), this,
                new GrainTimerCreationOptions(RetireAfter, Timeout.InfiniteTimeSpan));
        }

        return new ResourceNotFoundException();
    }

    private Task RetireIfStillAbsentAsync()
    {
        _scheduled = false;
        if (stillAbsent())
        {
            grain.DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }
}
