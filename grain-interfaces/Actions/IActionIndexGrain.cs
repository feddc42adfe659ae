using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Actions;

/// <summary>A tenant's actions, newest first, for the review queue. Key: <c>{tenantId}/actions</c>.</summary>
[TenantScoped, Alias("omniops.action-index")]
public interface IActionIndexGrain : IGrainWithStringKey
{
    /// <summary>Records an action's current view (called by the action grain after each change).</summary>
    [Alias("record"), RequiresScope(Scopes.ConversationsWrite)]
    Task RecordAsync(ActionView view);

    [Alias("list"), RequiresScope(Scopes.ConversationsRead)]
    Task<IReadOnlyList<ActionView>> ListAsync(string? status, int limit);
}
