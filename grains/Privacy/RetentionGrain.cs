using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Orders;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// A tenant's retention sweep, run by the grain's one reminder (<see cref="RetentionOptions.SweepPeriod"/>) or on
/// demand. As <see cref="CallerContext.Privacy"/> (a reminder carries no caller), it pages through the conversation
/// index and the order index for what is older than the tenant's retention periods and expires each page through
/// the erasure path's pieces: the conversation activations are dropped, the messages and index rows deleted in one
/// statement, the orders erased (state row, tombstone and index row), and each owning customer drops those ids. For a
/// customer left holding nothing the sweep starts, with that page, a durable erasure privacy request of source
/// <see cref="PrivacyRequestSource.Retention"/> (reminder-resumed, audited, receipted), which erases the record entirely
/// (subject key destroyed, record removed) only if it still holds nothing when it runs; so a sweep that fails later
/// leaves no record half-erased, and data that arrived since stays. Data of a customer under legal hold stays. The tenant's tombstones older than
/// <see cref="RetentionOptions.TombstoneAge"/> are purged. One <c>retention.sweep</c> audit event per sweep, counts only
/// (its <c>customers</c>: the erasure requests started; they complete asynchronously).
/// </summary>
public sealed partial class RetentionGrain(
    IMessageStore messages,
    IOrderIndexStore orders,
    IGrainStatePurger purger,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    IOptions<PrivacyRequestOptions> privacyOptions,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string ReminderName = "retention-sweep";

    private bool _scheduled;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task EnsureScheduledAsync()
    {
        if (_scheduled)
        {
            return;
        }

        if (await this.GetReminder(ReminderName) is null)
        {
            var period = options.Value.SweepPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }

        _scheduled = true;
    }

    public async Task<RetentionSweepResult> SweepAsync() =>
        await RunAsPrivacyAsync(SweepTenantAsync) ?? throw new GrainInterfaces.Errors.ResourceNotFoundException();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var period = options.Value.SweepPeriod;
        if (status.Period != period)
        {
            // The configured period changed since the reminder was registered: from now on, the new one.
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }

        RetentionSweepResult? result;
        try
        {
            result = await RunAsPrivacyAsync(SweepTenantAsync);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next tick tries again; every step is idempotent.
            RetentionMetrics.Swept(time.GetUtcNow() - status.CurrentTickTime, succeeded: false);
            LogSweepFailed(logger, exception, TenantId);
            return;
        }

        if (result is not null)
        {
            RetentionMetrics.Swept(time.GetUtcNow() - status.CurrentTickTime, succeeded: true);
        }

        if (result is null && await this.GetReminder(ReminderName) is { } reminder)
        {
            // The tenant is gone: nothing left to sweep.
            await this.UnregisterReminder(reminder);
            _scheduled = false;
        }
    }

    private async Task<T> RunAsPrivacyAsync<T>(Func<Task<T>> action)
    {
        var previous = CallerContext.Current;
        CallerContext.Current = CallerContext.Privacy(TenantId, "retention");
        try
        {
            return await action();
        }
        finally
        {
            CallerContext.Current = previous;
        }
    }

    /// <summary>One sweep of the tenant; null when the tenant does not exist.</summary>
    private async Task<RetentionSweepResult?> SweepTenantAsync()
    {
        if (await GrainFactory.GetTenantGrain(TenantId).GetRetentionAsync() is not { } retention)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var tally = new ErasureTally();
        var held = 0;
        var tombstones = 0;
        var auditEvents = 0L;
        try
        {
            held += await ExpireConversationsAsync(now - retention.Conversations, tally);
            held += await ExpireOrdersAsync(now - retention.Orders, tally);
            tombstones = await purger.PurgeTombstonesAsync(TenantId, now - options.Value.TombstoneAge);

            // Old audit events leave only through the log's own privileged path (a checkpoint first, a horizon kept, so
            // verify still proves the rest), which only a system caller may take; it audits itself (audit.expire).
            auditEvents = await CallerContext.RunAsAsync(CallerContext.System(TenantId, "retention"),
                () => GrainFactory.GetAuditLogGrain(TenantId).ExpireAsync(now - retention.AuditLog));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await AuditAsync(AuditOutcomes.Failure, tally, tombstones, auditEvents, held);
            throw;
        }

        await AuditAsync(AuditOutcomes.Success, tally, tombstones, auditEvents, held);
        LogSwept(logger, TenantId, tally.Conversations, tally.Orders, tally.Customers, tombstones, auditEvents);
        return new RetentionSweepResult(now, tally.Conversations, tally.Messages, tally.Orders, tally.Customers, tombstones, held, auditEvents);
    }

    /// <summary>Expires the conversations last active before <paramref name="cutoff"/>, a page at a time; how many were kept for a legal hold.</summary>
    private async Task<int> ExpireConversationsAsync(DateTimeOffset cutoff, ErasureTally tally)
    {
        var held = 0;
        ConversationCursor? after = null;
        while (true)
        {
            var page = await messages.ListInactiveAsync(TenantId, cutoff, after, options.Value.PageSize);
            if (page.Count == 0)
            {
                return held;
            }

            after = new ConversationCursor(page[^1].LastActivityAt, page[^1].ConversationId);
            var holds = await LegalHoldsAsync(page.Select(c => c.CustomerRef));
            var expired = page.Where(c => !holds.Contains(c.CustomerRef)).ToList();
            held += page.Count - expired.Count;
            var ids = expired.ConvertAll(c => c.ConversationId);

            // The customers are told first: a sweep that dies after this still finds the page in the index next time
            // and tells them again (idempotent), whereas one told after the delete would never see these rows again and
            // would leave customers holding nothing without their erasure request.
            await TellCustomersAsync(expired.GroupBy(c => c.CustomerRef, StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(c => c.ConversationId)], (IReadOnlyList<string>)[])), tally);

            // As in an erasure: no activation keeps appending with a cached key or admission; then one set-based delete.
            await ForEachAsync(ids, id => GrainFactory.GetConversationGrain(TenantId, id).ForgetAsync());
            var deleted = await messages.DeleteConversationsAsync(TenantId, ids);
            tally.Conversations += deleted.Conversations;
            tally.Messages += deleted.Messages;
            if (page.Count < options.Value.PageSize)
            {
                return held;
            }
        }
    }

    /// <summary>Erases the orders last changed before <paramref name="cutoff"/>, a page at a time; how many were kept for a legal hold.</summary>
    private async Task<int> ExpireOrdersAsync(DateTimeOffset cutoff, ErasureTally tally)
    {
        var held = 0;
        IndexedOrder? after = null;
        while (true)
        {
            var page = await orders.ListChangedBeforeAsync(TenantId, cutoff, after, options.Value.PageSize);
            if (page.Count == 0)
            {
                return held;
            }

            after = page[^1];
            var holds = await LegalHoldsAsync(page.Where(o => o.CustomerRef is not null).Select(o => o.CustomerRef!));
            var expired = page.Where(o => o.CustomerRef is null || !holds.Contains(o.CustomerRef)).ToList();
            held += page.Count - expired.Count;

            // Customers first, for the same reason as with conversations: the index row that brings a page back goes last.
            await TellCustomersAsync(expired.Where(o => o.CustomerRef is not null).GroupBy(o => o.CustomerRef!, StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<string>)[], (IReadOnlyList<string>)[.. g.Select(o => o.OrderId)])), tally);

            // The order grain's erasure removes its state row, its tombstone, any key of its own and its index row.
            var erased = 0;
            await ForEachAsync(expired.ConvertAll(o => o.OrderId), async id =>
            {
                if (await GrainFactory.GetOrderGrain(TenantId, id).EraseAsync())
                {
                    Interlocked.Increment(ref erased);
                }
            });
            tally.Orders += erased;
            tally.StorageRows += erased;
            if (page.Count < options.Value.PageSize)
            {
                return held;
            }
        }
    }

    /// <summary>
    /// Each customer drops the expired ids; for each then holding nothing, an erasure request is started right away
    /// (<see cref="PrivacyRequestStart.OnlyIfEmpty"/>): counted in <see cref="ErasureTally.Customers"/> as started.
    /// </summary>
    private async Task TellCustomersAsync(IEnumerable<(string CustomerRef, IReadOnlyList<string> Conversations, IReadOnlyList<string> Orders)> drops, ErasureTally tally)
    {
        var started = 0;
        await ForEachAsync([.. drops], async drop =>
        {
            if (await GrainFactory.GetCustomerGrain(TenantId, drop.CustomerRef).ExpireAsync(drop.Conversations, drop.Orders))
            {
                await GrainFactory.GetPrivacyRequestGrain(TenantId, GrainKeys.NewLocalId('p')).StartAsync(
                    new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Retention, [drop.CustomerRef], [], OnlyIfEmpty: true));
                Interlocked.Increment(ref started);
            }
        });
        tally.Customers += started;
    }

    /// <summary>Which of the customers are under legal hold (their data stays past its retention period).</summary>
    private async Task<HashSet<string>> LegalHoldsAsync(IEnumerable<string> customerRefs)
    {
        var holds = new HashSet<string>(StringComparer.Ordinal);
        await ForEachAsync([.. customerRefs.Distinct(StringComparer.Ordinal)], async customerRef =>
        {
            if ((await GrainFactory.GetCustomerGrain(TenantId, customerRef).GetHoldingsAsync()).LegalHold)
            {
                lock (holds)
                {
                    holds.Add(customerRef);
                }
            }
        });
        return holds;
    }

    private Task AuditAsync(string outcome, ErasureTally tally, int tombstones, long auditEvents, int held) =>
        GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("retention.sweep", outcome, TenantId, new Dictionary<string, string>
        {
            ["conversations"] = tally.Conversations.ToString(CultureInfo.InvariantCulture),
            ["messages"] = tally.Messages.ToString(CultureInfo.InvariantCulture),
            ["orders"] = tally.Orders.ToString(CultureInfo.InvariantCulture),
            ["customers"] = tally.Customers.ToString(CultureInfo.InvariantCulture),
            ["tombstones"] = tombstones.ToString(CultureInfo.InvariantCulture),
            ["auditEvents"] = auditEvents.ToString(CultureInfo.InvariantCulture),
            ["heldForLegalHold"] = held.ToString(CultureInfo.InvariantCulture),
        }));

    private Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = privacyOptions.Value.FanOut, TaskScheduler = TaskScheduler.Current },
            async (item, _) => await action(item));

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of tenant {TenantId}: {Conversations} conversations, {Orders} orders, {Customers} customers, {Tombstones} tombstones, {AuditEvents} audit events removed")]
    private static partial void LogSwept(ILogger logger, string tenantId, int conversations, int orders, int customers, int tombstones, long auditEvents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep of tenant {TenantId} failed; the next tick tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string tenantId);
}
