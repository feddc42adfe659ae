using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Actions;

/// <summary>A tenant's review queue of actions: the newest <see cref="MaxActions"/> views, in one state row.</summary>
public sealed class ActionIndexGrain(
    [PersistentState(StateNames.ActionIndex, StorageNames.Main)] IPersistentState<ActionIndexState> state,
    TimeProvider time) : Grain, IActionIndexGrain
{
    public const int MaxActions = 1000;

    public async Task RecordAsync(ActionView view)
    {
        var actions = state.State.Actions;
        var at = actions.FindIndex(a => a.ActionId == view.ActionId);
        if (at >= 0)
        {
            actions[at] = view;
        }
        else
        {
            actions.Add(view);
            if (actions.Count > MaxActions)
            {
                actions.RemoveRange(0, actions.Count - MaxActions);
            }
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ActionView>> ListAsync(string? status, int limit)
    {
        if (status is not null && !ActionStatuses.IsKnown(status))
        {
            throw new RequestValidationException("status must be proposed, approved, executed, rejected or expired.");
        }

        var now = time.GetUtcNow();
        IReadOnlyList<ActionView> list = [.. Enumerable.Reverse(state.State.Actions)
            .Select(a => ActionGrain.Current(a, now))
            .Where(a => status is null || a.Status == status)
            .Take(Math.Clamp(limit, 1, 200))];
        return Task.FromResult(list);
    }
}
