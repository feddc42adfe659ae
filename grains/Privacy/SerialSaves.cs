namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Saves of one grain's state while several of its tasks work at once: a grain's state is written by one write at a
/// time, so each save starts after the one before it, and a save asked for while another is still waiting to start is
/// the same save (it writes the state as it is when it starts). The work goes on while a save runs;
/// <see cref="DrainAsync"/> awaits the last one and throws what any of them threw.
/// </summary>
public sealed class SerialSaves(Func<Task> save)
{
    private Task _last = Task.CompletedTask;
    private bool _waiting;

    public void Request()
    {
        if (_waiting)
        {
            return;
        }

        _waiting = true;
        _last = AfterAsync(_last);
    }

    public Task DrainAsync() => _last;

    private async Task AfterAsync(Task previous)
    {
        await previous;
        _waiting = false;
        await save();
    }
}
