using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Errors;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>Lists a tenant's conversations from the index; stateless, so every silo can answer locally.</summary>
[StatelessWorker]
public sealed class ConversationIndexGrain(IMessageStore store) : Grain, IConversationIndexGrain
{
    public Task<IReadOnlyList<ConversationSummary>> ListAsync(string? customerRef, int limit)
    {
        if (limit is < 1 or > 500 || (customerRef is not null && !GrainKeys.IsValidId(customerRef)))
        {
            throw new RequestValidationException("limit must be 1-500 and customerRef a valid ref.");
        }

        return store.ListAsync(this.GetPrimaryKeyString(), customerRef, limit);
    }
}
