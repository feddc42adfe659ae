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
        Validate(customerRef, after, limit);

        // One more than asked says whether another page follows, so the last page never points at an empty one.
        var rows = await store.ListAsync(this.GetPrimaryKeyString(), customerRef, after, limit + 1);
        var page = rows.Count <= limit ? rows : [.. rows.Take(limit)];
        // Below the top, the cursor's own row (at least) is newer: the page's first row leads back.
        return new ConversationPage(page, rows.Count > limit ? CursorOf(page[^1]) : null, after is not null && page.Count > 0 ? CursorOf(page[0]) : null);
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

    public async Task<ConversationPage> ListNewerAsync(string? customerRef, ConversationCursor before, int limit)
    {
        ArgumentNullException.ThrowIfNull(before);
        Validate(customerRef, before, limit);

        // Nearest first, one more than asked: whether a newer page is left. Shown in the list's order.
        var rows = await store.ListNewerAsync(this.GetPrimaryKeyString(), customerRef, before, limit + 1);
        var page = rows.Take(limit).Reverse().ToList();
        return new ConversationPage(page, page.Count > 0 ? CursorOf(page[^1]) : null, rows.Count > limit ? CursorOf(page[0]) : null);
    }

    private static void Validate(string? customerRef, ConversationCursor? cursor, int limit)
    {
        if (limit is < 1 or > MaxLimit || (customerRef is not null && !GrainKeys.IsValidId(customerRef)) ||
            (cursor is not null && !GrainKeys.IsValidId(cursor.ConversationId)))
        {
            throw new RequestValidationException($"limit must be 1-{MaxLimit}, customerRef a valid ref and the cursor one this list gave.");
        }
    }

    private static ConversationCursor CursorOf(ConversationSummary row) => new(row.LastActivityAt, row.ConversationId);
}
