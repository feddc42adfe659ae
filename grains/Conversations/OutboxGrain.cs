using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// A tenant's outbox dispatcher. The outbox rows are written with their messages (one transaction); this grain sends
/// the due ones through their conversation grains, as <see cref="CallerContext.System"/> of the tenant. It is driven
/// by one reminder per tenant while the outbox holds rows (never one per message) and, for a new message's first
/// attempt and retries due before the next tick, by a one-shot timer. A success removes the row and marks the message
/// <c>sent</c>; a transient failure backs off exponentially with jitter; a refusal, or the last of
/// <see cref="OutboxOptions.MaxAttempts"/>, marks it <c>failed</c> and is audited. At most once per success: a crash
/// between a send and its mark resends, with the same message id as the idempotency key.
/// </summary>
public sealed partial class OutboxGrain(
    IMessageStore store,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxGrain> logger) : Grain, IOutboxGrain, IRemindable
{
    private const string ReminderName = "outbox-dispatch";
    private const int MaxBatchesPerRun = 20;

    private bool _scheduled;
    private IGrainTimer? _timer;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task NotifyAsync()
    {
        await EnsureReminderAsync();
        ScheduleAt(time.GetUtcNow());
    }

    public Task<int> DispatchAsync() => RunAsSystemAsync(DispatchDueAsync);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (status.Period != options.Value.DispatchPeriod)
        {
            // The configured period changed since the reminder was registered: from now on, the new one.
            await this.RegisterOrUpdateReminder(ReminderName, options.Value.DispatchPeriod, options.Value.DispatchPeriod);
        }

        try
        {
            await RunAsSystemAsync(DispatchDueAsync);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next tick tries again: every step is idempotent.
            LogDispatchFailed(logger, exception, TenantId);
            return;
        }

        if (await store.NextOutboxDueAsync(TenantId) is null && await this.GetReminder(ReminderName) is { } reminder)
        {
            // Nothing left to send: no tick until the next reply wakes the outbox.
            await this.UnregisterReminder(reminder);
            _scheduled = false;
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_scheduled)
        {
            return;
        }

        if (await this.GetReminder(ReminderName) is null)
        {
            var period = options.Value.DispatchPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }

        _scheduled = true;
    }

    private async Task<T> RunAsSystemAsync<T>(Func<Task<T>> action) =>
        await CallerContext.RunAsAsync(CallerContext.System(TenantId, "outbox"), action);

    private async Task<int> DispatchDueAsync()
    {
        var sent = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var due = await store.ReadDueOutboxAsync(TenantId, time.GetUtcNow(), options.Value.BatchSize);
            foreach (var entry in due)
            {
                sent += await SendAsync(entry) ? 1 : 0;
            }

            if (due.Count < options.Value.BatchSize)
            {
                break;
            }
        }

        if (await store.NextOutboxDueAsync(TenantId) is { } next)
        {
            // Rows remain: the reminder keeps them alive, and a retry due before its next tick gets a timer.
            await EnsureReminderAsync();
            if (next - time.GetUtcNow() < options.Value.DispatchPeriod)
            {
                ScheduleAt(next);
            }
        }

        return sent;
    }

    private async Task<bool> SendAsync(OutboxEntry entry)
    {
        OutboundOutcome outcome;
        try
        {
            outcome = await GrainFactory.GetConversationGrain(TenantId, entry.ConversationId).SendOutboundAsync(entry.MessageId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAttemptFailed(logger, exception, TenantId);
            outcome = OutboundOutcome.Retry;
        }

        var attempts = entry.Attempts + 1;
        switch (outcome)
        {
            case OutboundOutcome.Sent:
                await store.CompleteOutboxAsync(TenantId, entry.ConversationId, entry.MessageId, OutboxStatuses.Sent);
                return true;
            case OutboundOutcome.Gone:
                // Erased since: the row goes (the message has none left to mark).
                await store.CompleteOutboxAsync(TenantId, entry.ConversationId, entry.MessageId, OutboxStatuses.Failed);
                return false;
            case OutboundOutcome.Retry when attempts < options.Value.MaxAttempts:
                await store.RetryOutboxAsync(TenantId, entry.MessageId, attempts, time.GetUtcNow() + Backoff(attempts));
                return false;
            default:
                // Audited first: a failed audit leaves the row for the next run, never a silent give-up.
                await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("conversation.send", AuditOutcomes.Failure, entry.ConversationId,
                    new Dictionary<string, string>
                    {
                        ["channel"] = entry.Channel,
                        ["attempts"] = attempts.ToString(CultureInfo.InvariantCulture),
                        ["reason"] = outcome == OutboundOutcome.Failed ? "refused" : "attempts-exhausted",
                    },
                    Sensitive: new Dictionary<string, string> { ["messageId"] = entry.MessageId }, PersonalResource: true));
                await store.CompleteOutboxAsync(TenantId, entry.ConversationId, entry.MessageId, OutboxStatuses.Failed);
                return false;
        }
    }

    /// <summary>Exponential from <see cref="OutboxOptions.BaseDelay"/>, capped, with jitter: between half and all of it.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var exponential = o.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, o.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private void ScheduleAt(DateTimeOffset at)
    {
        if (_timer is not null && _timerDue <= at)
        {
            return;
        }

        _timer?.Dispose();
        _timerDue = at;
        var due = at - time.GetUtcNow();
        _timer = this.RegisterGrainTimer(static (grain, _) => grain.OnTimerAsync(), this,
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan));
    }

    private async Task OnTimerAsync()
    {
        _timer?.Dispose();
        (_timer, _timerDue) = (null, DateTimeOffset.MaxValue);
        try
        {
            await RunAsSystemAsync(DispatchDueAsync);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reminder's next tick tries again.
            LogDispatchFailed(logger, exception, TenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox of tenant {TenantId} could not dispatch; its next run tries again")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A send attempt of tenant {TenantId}'s outbox failed; it is retried")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string tenantId);
}
