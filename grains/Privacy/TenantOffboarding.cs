using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The erasure fan-out over a whole tenant, in pages (<see cref="PrivacyRequestOptions.OffboardingPageSize"/> rows at a time, never the tenant in
/// memory): the tenant is closed first (the directory stops admitting its keys and webhooks, so nothing new arrives),
/// then its conversations and messages, every Orleans state row and tombstone under <c>{tenant}/</c> (customers,
/// orders, credentials, other privacy requests) except the running request's own, the rows of its tables, the
/// reminders of its grains, and the tenant grain with its directory entry. The tenant key goes last
/// (<see cref="DestroyKeyAsync"/>), after the request grain has signed the audit checkpoint and recorded the erasure.
/// Each step is idempotent and <see cref="PrivacyRequestState.OffboardingStep"/> (with
/// <see cref="PrivacyRequestState.OffboardingDone"/> for the data steps, which run at once) records the steps done, so a
/// resumed run carries on where an interrupted one stopped.
/// </summary>
public sealed class TenantOffboarding(IMessageStore messages, ITenantDataPurger purger, TenantKeyring tenantKeys, IOptions<PrivacyRequestOptions> options)
{
    private int PageSize => options.Value.OffboardingPageSize;


    /// <summary>The steps, in order; <see cref="PrivacyRequestState.OffboardingStep"/> is the next one.</summary>
    public static class Steps
    {
        public const int Close = 0;
        public const int Conversations = 1;
        public const int GrainRows = 2;
        public const int TenantRows = 3;
        public const int Reminders = 4;
        public const int Tenant = 5;
        public const int Audit = 6;
        public const int TenantKey = 7;
        public const int Done = 8;
    }

    /// <summary>
    /// Everything up to the audit step; <paramref name="save"/> stores the request's state. The tenant is closed first
    /// (the probe for the first page of conversations runs meanwhile: it only reads, and the last page, which takes
    /// whatever is left, starts after the tenant is closed). Then the data steps run at once, each on its own
    /// connection, since none depends on another: conversations with their messages, Orleans rows, tenant tables,
    /// reminders and the tenant grain. Their saves go one after another (<see cref="SerialSaves"/>); each step stores
    /// a page's count before its next page.
    /// </summary>
    public async Task EraseDataAsync(IGrainFactory grains, string tenantId, string requestId, string ownKey, string ownGrainId,
        PrivacyRequestState s, Func<Task> save, Task<string?>? firstPageEnd = null)
    {
        Task<string?>? firstEnd = null;
        if (s.OffboardingStep == Steps.Close)
        {
            firstEnd = FirstPageEndAsync(tenantId, firstPageEnd);
            await Task.WhenAll(grains.GetTenantGrain(tenantId).CloseForErasureAsync(), firstEnd);
            s.OffboardingStep = Steps.Conversations;
        }

        if (s.OffboardingStep is < Steps.Conversations or >= Steps.Audit)
        {
            return;
        }

        var saves = new SerialSaves(save);
        try
        {
            await Task.WhenAll(
                DataStepAsync(s, Steps.Conversations, () => ConversationsAsync(tenantId, s, firstEnd, saves)),
                DataStepAsync(s, Steps.GrainRows, () => PagesAsync(saves, () => purger.DeleteGrainRowsAsync(tenantId, ownKey, PageSize), n => s.Tally.StorageRows += n)),
                DataStepAsync(s, Steps.TenantRows, () => PagesAsync(saves, () => purger.DeleteTenantRowsAsync(tenantId, requestId, PageSize), n => s.Tally.TenantRows += n)),
                DataStepAsync(s, Steps.Reminders, () => PagesAsync(saves, () => purger.DeleteRemindersAsync(tenantId, ownGrainId, PageSize), n => s.Tally.Reminders += n)),
                DataStepAsync(s, Steps.Tenant, async () =>
                {
                    // Read after the await: `StorageRows += await …` would read the count before it, losing the pages
                    // the Orleans-rows step counted meanwhile.
                    var rows = await grains.GetTenantGrain(tenantId).EraseAsync();
                    s.Tally.StorageRows += rows;
                }));
        }
        finally
        {
            await saves.DrainAsync();
        }

        s.OffboardingStep = Steps.Audit;
        s.OffboardingDone = 0;
    }

    /// <summary>
    /// Where the first page of conversations ends: the probe the close step runs, which a request that starts at once
    /// can start while it is being stored (it only reads; the last page, which takes whatever is left, runs after the
    /// tenant is closed).
    /// </summary>
    public Task<string?> FindFirstPageEndAsync(string tenantId) => messages.FindConversationPageEndAsync(tenantId, null, PageSize);

    /// <summary>A probe started before (while the request was being stored) serves; should it have failed, it runs again.</summary>
    private async Task<string?> FirstPageEndAsync(string tenantId, Task<string?>? early)
    {
        if (early is not null)
        {
            try
            {
                return await early;
            }
#pragma warning disable CA1031 // Whatever the early probe met, the close step's own probe decides (and fails the step if it fails too).
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
            }
        }

        return await FindFirstPageEndAsync(tenantId);
    }

    /// <summary>The last step: every version of the tenant key, and the request's own queue row.</summary>
    public async Task DestroyKeyAsync(string tenantId, string requestId, PrivacyRequestState s)
    {
        if (s.OffboardingStep == Steps.TenantKey)
        {
            s.Tally.TenantKeysDestroyed += await purger.DestroyTenantKeysAndQueueRowAsync(tenantId, requestId);
            tenantKeys.Forget(tenantId);
            s.OffboardingStep++;
        }
    }

    /// <summary>
    /// Runs a data step unless a run before did it: steps below <see cref="PrivacyRequestState.OffboardingStep"/> are
    /// done, and so are those marked in <see cref="PrivacyRequestState.OffboardingDone"/> (recorded with the next save).
    /// </summary>
    private static async Task DataStepAsync(PrivacyRequestState s, int step, Func<Task> run)
    {
        var bit = 1 << step;
        if (step < s.OffboardingStep || (s.OffboardingDone & bit) != 0)
        {
            return;
        }

        await run();
        s.OffboardingDone |= bit;
    }

    private async Task ConversationsAsync(string tenantId, PrivacyRequestState s, Task<string?>? firstEnd, SerialSaves saves)
    {
        // Pages in key order, each a range of the primary key deleted in one round trip; the next page's end is found
        // (an index-only probe past this page) while this page is deleted. The last page (no end: no more than
        // PageSize left) takes whatever of the tenant is left. The tenant is closed, so nothing new arrives meanwhile.
        // Each page's count is stored before the next page goes, so the receipt counts every page a crash let through.
        var end = firstEnd is null ? await messages.FindConversationPageEndAsync(tenantId, null, PageSize) : await firstEnd;
        string? after = null;
        while (true)
        {
            var deleting = messages.DeleteConversationRangeAsync(tenantId, after, end);
            var probing = end is null ? Task.FromResult<string?>(null) : messages.FindConversationPageEndAsync(tenantId, end, PageSize);
            await Task.WhenAll(deleting, probing);
            var deleted = await deleting;
            s.Tally.Conversations += deleted.Conversations;
            s.Tally.Messages += deleted.Messages;
            if (deleted.Conversations > 0 || deleted.Messages > 0)
            {
                await saves.SaveAsync();
            }

            if (end is null)
            {
                return;
            }

            (after, end) = (end, await probing);
        }
    }

    /// <summary>
    /// Pages until one removes nothing. A page of fewer rows than the limit does not prove the kind empty: a page deletes
    /// the rows its snapshot found, by their tuple ids, and a row that another transaction updates meanwhile (an
    /// activation of the tenant saving its state as the tenant closes) has a new tuple id by the time the page gets its
    /// lock, so the page skips it. The next page finds it; only an empty page ends the step.
    /// </summary>
    internal static async Task PagesAsync(SerialSaves saves, Func<Task<int>> page, Action<int> count)
    {
        while (await page() is > 0 and var n)
        {
            count(n);
            await saves.SaveAsync();
        }
    }
}
