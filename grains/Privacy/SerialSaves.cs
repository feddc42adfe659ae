namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Saves of one grain's state while several of its tasks work at once: a grain's state is written by one write at a
/// time, so each save starts after the one before it, and a save asked for while another is still waiting to start is
/// the same save (it writes the state as it is when it starts). <see cref="SaveAsync"/> answers the save that will hold
/// the state as it is now; <see cref="DrainAsync"/> awaits the last one.
/// </summary>
public sealed class SerialSaves(Func<Task> save)
{
    private Task _last = Task.CompletedTask;
    private bool _waiting;

    public Task SaveAsync()
    {
        if (!_waiting)
        {
            _waiting = true;
            _last = AfterAsync(_last);
        }

        return _last;
    }

    public Task DrainAsync() => _last;

    private async Task AfterAsync(Task previous)
    {
        await previous;
        _waiting = false;
        await save();
    }
}
