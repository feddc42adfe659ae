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
/// <see cref="PrivacyRequestState.OffboardingDone"/> for the pages and the tenant grain's erasure, which run at once) records the steps done, so a
/// resumed run carries on where an interrupted one stopped.
/// </summary>
public sealed class TenantOffboarding(IMessageStore messages, ITenantDataPurger purger, TenantKeyring tenantKeys, IOptions<PrivacyRequestOptions> options)
{
    private int PageSize => options.Value.OffboardingPageSize;

    /// <summary>The steps, in order; <see cref="PrivacyRequestState.OffboardingStep"/> is the next one.</summary>
    public static class Steps
    {
        public const int Close = 0;

        /// <summary>Pages of every table (<see cref="ITenantDataPurger.DeletePageAsync"/>), beside the tenant grain's erasure (<see cref="Tenant"/>).</summary>
        public const int Pages = 1;

        // 2-4: the separate data steps of earlier versions (conversations, Orleans rows, tenant rows, reminders), now one
        // step of pages; never stored as the next step, as their bits in OffboardingDone they count as Pages' (see PagesDone).
        public const int Tenant = 5;
        public const int Audit = 6;
        public const int TenantKey = 7;
        public const int Done = 8;
    }

    /// <summary>The bits of <see cref="PrivacyRequestState.OffboardingDone"/> that say the pages are done: <see cref="Steps.Pages"/>' and those of the steps it replaced.</summary>
    private const int PagesDone = (1 << Steps.Pages) | (1 << 2) | (1 << 3) | (1 << 4);

    /// <summary>
    /// Everything up to the audit step; <paramref name="save"/> stores the request's state. The tenant is closed first
    /// (the probe for the first page of conversations runs meanwhile: it only reads, and the last page, which takes
    /// whatever is left, starts after the tenant is closed). Then the pages of every table, beside the tenant grain's
    /// erasure (a grain call, independent of the tables' pages).
    /// </summary>
    public async Task EraseDataAsync(IGrainFactory grains, string tenantId, string requestId, string ownKey, string ownGrainId,
        PrivacyRequestState s, Func<Task> save)
    {
        Task<string?>? firstEnd = null;
        if (s.OffboardingStep == Steps.Close)
        {
            firstEnd = messages.FindConversationPageEndAsync(tenantId, null, PageSize);
            await Task.WhenAll(grains.GetTenantGrain(tenantId).CloseForErasureAsync(), firstEnd);
            s.OffboardingStep = Steps.Pages;
        }

        if (s.OffboardingStep is < Steps.Pages or >= Steps.Audit)
        {
            return;
        }

        var pages = (s.OffboardingDone & PagesDone) == PagesDone ? Task.CompletedTask : PagesAsync(tenantId, requestId, ownKey, ownGrainId, s, firstEnd, save);
        var tenant = (s.OffboardingDone & (1 << Steps.Tenant)) != 0 ? Task.CompletedTask : EraseTenantAsync(grains, tenantId, s);
        await Task.WhenAll(pages, tenant);
        s.OffboardingStep = Steps.Audit;
        s.OffboardingDone = 0;
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

    private static async Task EraseTenantAsync(IGrainFactory grains, string tenantId, PrivacyRequestState s)
    {
        // Read after the await: `StorageRows += await …` would read the count before it, losing the pages counted meanwhile.
        var rows = await grains.GetTenantGrain(tenantId).EraseAsync();
        s.Tally.StorageRows += rows;
        s.OffboardingDone |= 1 << Steps.Tenant;
    }

    /// <summary>
    /// Pages until every kind is done (<see cref="TenantPage.StillOpen"/>). The conversations go in key order, each
    /// page a range of the primary key ending where the probe of the page before found (the first page's end was found
    /// while the tenant closed); the last page (no end: no more than a page left) takes whatever of the tenant is left.
    /// The tenant is closed, so nothing new arrives meanwhile. Each page's count is stored before the next page goes,
    /// so the receipt counts every page a crash let through; a resumed run pages over what is left.
    /// </summary>
    private async Task PagesAsync(string tenantId, string requestId, string ownKey, string ownGrainId, PrivacyRequestState s, Task<string?>? firstEnd, Func<Task> save)
    {
        var end = firstEnd is null ? await messages.FindConversationPageEndAsync(tenantId, null, PageSize) : await firstEnd;
        var request = new TenantPageRequest(TenantPageKinds.All, null, end, PageSize, ownKey, requestId, ownGrainId);
        while (request.Kinds != TenantPageKinds.None)
        {
            var page = await purger.DeletePageAsync(tenantId, request);
            s.Tally.Conversations += page.Conversations;
            s.Tally.Messages += page.Messages;
            s.Tally.StorageRows += page.StorageRows;
            s.Tally.TenantRows += page.TenantRows;
            s.Tally.Reminders += page.Reminders;
            if (page.RemovedAny)
            {
                await save();
            }

            request = request with { Kinds = page.StillOpen(request), After = request.UpTo, UpTo = page.NextUpTo };
        }

        s.OffboardingDone |= PagesDone;
    }
}
