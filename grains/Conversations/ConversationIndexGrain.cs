using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Errors;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>Lists a tenant's conversations from the index, a page at a time; stateless, so every silo can answer locally.</summary>
[StatelessWorker]
public sealed class ConversationIndexGrain(IMessageStore store) : Grain, IConversationIndexGrain
{
    public const int MaxLimit = 500;

    public async Task<ConversationPage> ListAsync(string? customerRef, ConversationCursor? after, int limit)
    {
        if (limit is < 1 or > MaxLimit || (customerRef is not null && !GrainKeys.IsValidId(customerRef)) ||
            (after is not null && !GrainKeys.IsValidId(after.ConversationId)))
        {
            throw new RequestValidationException($"limit must be 1-{MaxLimit}, customerRef a valid ref and the cursor one this list gave.");
        }

        // One more than asked says whether another page follows, so the last page never points at an empty one.
        var rows = await store.ListAsync(this.GetPrimaryKeyString(), customerRef, after, limit + 1);
        if (rows.Count <= limit)
        {
            return new ConversationPage(rows, null);
        }

        var page = rows.Take(limit).ToList();
        return new ConversationPage(page, new ConversationCursor(page[^1].LastActivityAt, page[^1].ConversationId));
    }

    /// <summary>The longest period one activity summary covers.</summary>
    public static readonly TimeSpan MaxActivityPeriod = TimeSpan.FromDays(92);

    public Task<ConversationActivity> GetActivityAsync(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from || to - from > MaxActivityPeriod)
        {
            throw new RequestValidationException("The period must end after it starts and cover at most 92 days.");
        }

        return store.SummariseActivityAsync(this.GetPrimaryKeyString(), from, to);
    }
}
