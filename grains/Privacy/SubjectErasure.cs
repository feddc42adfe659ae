using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Channels;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The erasure fan-out for one customer record, in the order that keeps it complete under concurrent deliveries:
/// the customer closes itself to new data; every conversation activation of theirs is dropped (so none keeps
/// appending with a cached key); the orders are removed; the messages and index rows go in one set-based statement;
/// the platform's requests about them; then the subject key is destroyed and the customer record removed. Every step
/// is idempotent, so a resumed run (after a crash or a lost silo) finishes what an interrupted one began.
/// </summary>
public sealed class SubjectErasure(
    IMessageStore messages,
    IComplianceRequestStore complianceRequests,
    ISubjectIndexStore subjectIndex,
    IPrivacyRequestStore requests,
    SubjectKeyring subjectKeys,
    IOptions<PrivacyRequestOptions> options)
{
    /// <summary>
    /// Closes the record and answers what it holds (a legal hold leaves it open: <see cref="CustomerHoldings.LegalHold"/>;
    /// so does <paramref name="onlyIfEmpty"/> when the record holds a conversation or an order).
    /// </summary>
    public static Task<CustomerHoldings> BeginAsync(IGrainFactory grains, string tenantId, string customerRef, bool onlyIfEmpty = false) =>
        grains.GetCustomerGrain(tenantId, customerRef).BeginErasureAsync(onlyIfEmpty);

    /// <summary>
    /// Erases everything of one customer record that <paramref name="holdings"/> and the index name, adding to
    /// <paramref name="tally"/>. <paramref name="requestId"/>: the privacy request doing it (it drops the ref itself).
    /// <paramref name="retention"/>: the erasure of a record a retention sweep emptied (holding nothing); the
    /// conversations the index still names under it are that sweep's page, which the sweep deletes (and counts) itself,
    /// so they are left to it rather than raced for.
    /// </summary>
    public async Task EraseAsync(IGrainFactory grains, string tenantId, CustomerHoldings holdings, ErasureTally tally, Func<Task> checkpoint,
        string? requestId = null, bool retention = false)
    {
        var customerRef = holdings.CustomerRef;
        List<string> conversations = retention
            ? [.. holdings.ConversationIds]
            : holdings.ConversationIds.Union(await messages.ListConversationIdsAsync(tenantId, customerRef), StringComparer.Ordinal).ToList();
        await ForEachAsync(conversations, id => grains.GetConversationGrain(tenantId, id).ForgetAsync());
        var ordersErased = 0;
        await ForEachAsync(holdings.OrderIds, async id =>
        {
            if (await grains.GetOrderGrain(tenantId, id).EraseAsync())
            {
                Interlocked.Increment(ref ordersErased);
            }
        });
        tally.Orders += ordersErased;

        var deleted = await messages.DeleteConversationsAsync(tenantId, conversations);
        tally.Conversations += deleted.Conversations;
        tally.Messages += deleted.Messages;
        tally.ComplianceRecords += await complianceRequests.DeleteForSubjectAsync(tenantId, customerRef, holdings.OrderIds);
        // The subject-index row and blind-index entries, before the key: nothing can find the record afterwards.
        tally.IndexEntries += await subjectIndex.DeleteAsync(tenantId, customerRef);
        // Other privacy requests about the subject (an earlier access request's list of records, a pending
        // rectification) drop its ref, so no request keeps the erased subject's ref.
        foreach (var request in await requests.ListAboutAsync(tenantId, [PrivacyRequestGrain.SubjectDigest(tenantId, customerRef)], 1000))
        {
            if (request.RequestId != requestId)
            {
                await grains.GetPrivacyRequestGrain(tenantId, request.RequestId).ForgetSubjectAsync(customerRef);
            }
        }

        await checkpoint();

        if (await subjectKeys.DestroyAsync(tenantId, customerRef))
        {
            tally.SubjectKeysDestroyed++;
        }

        await grains.GetCustomerGrain(tenantId, customerRef).CompleteErasureAsync();
        tally.Customers += holdings.Exists ? 1 : 0;
        tally.StorageRows += (holdings.Exists ? 1 : 0) + ordersErased;
    }

    /// <summary>Erases orders the request names beside the customers' own (a platform may name a guest's orders).</summary>
    public async Task EraseOrdersAsync(IGrainFactory grains, string tenantId, IReadOnlyList<string> orderIds, ErasureTally tally)
    {
        var erased = 0;
        await ForEachAsync(orderIds, async id =>
        {
            if (await grains.GetOrderGrain(tenantId, id).EraseAsync())
            {
                Interlocked.Increment(ref erased);
            }
        });
        tally.Orders += erased;
        tally.StorageRows += erased;
        tally.ComplianceRecords += await complianceRequests.DeleteForSubjectAsync(tenantId, null, orderIds);
    }

    private Task ForEachAsync(IReadOnlyList<string> ids, Func<string, Task> action) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = options.Value.FanOut, TaskScheduler = TaskScheduler.Current },
            async (id, _) => await action(id));
}
