using Omniops.Actors.GrainInterfaces.Security;
using Orleans.Concurrency;

namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>
/// A tenant's outbox dispatcher. Key: <c>{tenantId}</c>. Driven durably by one reminder per tenant (not one per
/// message) while its outbox holds rows, and by a short timer for a new message's first attempt and for retries due
/// before the next tick. Sends each due message through its conversation grain, at most once per success.
/// </summary>
[TenantScoped, Alias("omniops.outbox")]
public interface IOutboxGrain : IGrainWithStringKey
{
    /// <summary>A new outbound message was stored: make sure the dispatcher runs now and keeps its reminder.</summary>
    [Alias("notify"), OneWay, RequiresScope(Scopes.ChannelsSend)]
    Task NotifyAsync();

    /// <summary>Sends what is due now; answers how many were sent.</summary>
    [Alias("dispatch"), RequiresScope(Scopes.ChannelsSend)]
    Task<int> DispatchAsync();
}
