using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The erasure fan-out over a whole tenant, in pages (<see cref="PrivacyRequestOptions.OffboardingPageSize"/> rows at a
/// time, never the tenant in memory): the tenant is closed first (the directory stops admitting its keys and webhooks, so nothing new arrives),
/// then its conversations and messages, every Orleans state row and tombstone under <c>{tenant}/</c> (customers,
/// orders, credentials, other privacy requests) except the running request's own, the rows of its tables, the
/// reminders of its grains, and the tenant grain with its directory entry. The tenant key goes last
/// (<see cref="DestroyKeyAsync"/>), after the request grain has signed the audit checkpoint and recorded the erasure.
/// Each step is idempotent and <see cref="PrivacyRequestState.OffboardingStep"/> records the steps done, so a resumed
/// run carries on where an interrupted one stopped.
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

    /// <summary>Everything up to the audit step; <paramref name="save"/> stores the request's state after each page.</summary>
    public async Task EraseDataAsync(IGrainFactory grains, string tenantId, string requestId, string ownKey, string ownGrainId,
        PrivacyRequestState s, Func<Task> save)
    {
        if (s.OffboardingStep == Steps.Close)
        {
            await grains.GetTenantGrain(tenantId).CloseForErasureAsync();
            await NextAsync(s, save);
        }

        if (s.OffboardingStep == Steps.Conversations)
        {
            // Pages in key order, each a range of the primary key deleted in one round trip that also finds where the
            // next page ends (see DeleteConversationsUpToAsync); the last page (no end: no more than PageSize left)
            // deletes whatever of the tenant is left. The tenant is closed, so nothing new arrives meanwhile.
            var end = await messages.FindConversationPageEndAsync(tenantId, PageSize);
            while (true)
            {
                var (deleted, next) = await messages.DeleteConversationsUpToAsync(tenantId, end, PageSize);
                s.Tally.Conversations += deleted.Conversations;
                s.Tally.Messages += deleted.Messages;
                if (deleted.Conversations > 0 || deleted.Messages > 0)
                {
                    await save();
                }

                if (end is null)
                {
                    break;
                }

                end = next;
            }

            await NextAsync(s, save);
        }

        await PagesAsync(s, save, Steps.GrainRows, () => purger.DeleteGrainRowsAsync(tenantId, ownKey, PageSize), n => s.Tally.StorageRows += n);
        await PagesAsync(s, save, Steps.TenantRows, () => purger.DeleteTenantRowsAsync(tenantId, requestId, PageSize), n => s.Tally.TenantRows += n);
        await PagesAsync(s, save, Steps.Reminders, () => purger.DeleteRemindersAsync(tenantId, ownGrainId, PageSize), n => s.Tally.Reminders += n);

        if (s.OffboardingStep == Steps.Tenant)
        {
            s.Tally.StorageRows += await grains.GetTenantGrain(tenantId).EraseAsync();
            await NextAsync(s, save);
        }
    }

    /// <summary>The last step: every version of the tenant key, and the request's own queue row.</summary>
    public async Task DestroyKeyAsync(string tenantId, string requestId, PrivacyRequestState s, Func<Task> save)
    {
        if (s.OffboardingStep == Steps.TenantKey)
        {
            s.Tally.TenantKeysDestroyed += await purger.DestroyTenantKeysAndQueueRowAsync(tenantId, requestId);
            tenantKeys.Forget(tenantId);
            await NextAsync(s, save);
        }
    }

    private async Task PagesAsync(PrivacyRequestState s, Func<Task> save, int step, Func<Task<int>> page, Action<int> count)
    {
        if (s.OffboardingStep != step)
        {
            return;
        }

        // A call removes at most PageSize rows from each of its tables; fewer than PageSize in all of them together
        // means every table had fewer left than it may take, so nothing is left and no empty call is needed to see it.
        while (await page() is > 0 and var n)
        {
            count(n);
            await save();
            if (n < PageSize)
            {
                break;
            }
        }

        await NextAsync(s, save);
    }

    /// <summary>
    /// Moves to the next step without a write of its own: every step is idempotent, so a crash before the next write
    /// only repeats the step (which then finds nothing left), and what a step removed was saved with its pages.
    /// </summary>
    private static Task NextAsync(PrivacyRequestState s, Func<Task> save)
    {
        _ = save;
        s.OffboardingStep++;
        return Task.CompletedTask;
    }
}
