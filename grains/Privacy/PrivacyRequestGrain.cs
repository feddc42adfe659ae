using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Grains.Tenants;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// One privacy request: received → in progress → completed | rejected. The work runs as
/// <see cref="CallerContext.Privacy"/> in a grain timer right after the request is stored, and a reminder
/// (<see cref="PrivacyRequestOptions.ResumePeriod"/>) fires until the request is finished, so a crash or the loss of
/// the silo in the middle only delays it: the next tick on whichever silo then holds the grain resumes it, and each
/// step is idempotent. The reminder is unregistered once the request completes or is rejected.
/// </summary>
public sealed partial class PrivacyRequestGrain(
    [PersistentState(StateNames.PrivacyRequest, StorageNames.Privacy)] IPersistentState<PrivacyRequestState> state,
    SubjectErasure erasure,
    TenantOffboarding offboarding,
    IPrivacyRequestStore queue,
    TenantKeyring tenantKeys,
    AuditSigner signer,
    Serializer serializer,
    TimeProvider time,
    IOptions<PrivacyRequestOptions> options,
    IOptions<TenantOptions> tenantOptions,
    ILogger<PrivacyRequestGrain> logger) : Grain, IPrivacyRequestGrain, IRemindable
{
    private const string ReminderName = "privacy-request";
    private const int MaxSubjects = 50;
    private const int MaxOrders = 1000;
    private const string HoldsDataAgain = "holds data again";

    /// <summary>The reminder this activation registered, so unregistering it needs no read of the reminder table first.</summary>
    private IGrainReminder? _reminder;

    /// <summary>
    /// A tenant erasure that starts at once probes for its first page of conversations while it is stored (the close
    /// step would otherwise wait for it); the work takes it from here, once.
    /// </summary>
    private Task<string?>? _firstPageEnd;

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string RequestId => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    public async Task<PrivacyRequestView> StartAsync(PrivacyRequestStart start)
    {
        var caller = CallerContext.Current!;
        if (state.State.Exists && !(start.Kind == PrivacyRequestKind.TenantErasure && state.State.Status == PrivacyRequestStatus.Cancelled))
        {
            // The same request id again (a platform's redelivery, a second tenant deletion): the request as it stands.
            return View(caller);
        }

        Validate(start, caller);
        var now = time.GetUtcNow();
        var scheduling = Task.CompletedTask;
        if (start.Kind == PrivacyRequestKind.TenantErasure)
        {
            // A cancelled deletion is started afresh; the admin's has the configured cooling-off, the platform's its own.
            // The tenant records its schedule (audited by the tenant) while this request is audited below.
            state.State = new PrivacyRequestState();
            start = start with { NotBefore = start.Source == PrivacyRequestSource.Merchant ? now + tenantOptions.Value.DeletionCoolingOff : start.NotBefore ?? now };
            // Without a cooling-off there is nothing to schedule: the work closes the tenant right away.
            var scheduledFor = start.NotBefore.Value;
            if (scheduledFor > now)
            {
                scheduling = AsPrivacyWorkAsync(() => GrainFactory.GetTenantGrain(TenantId).ScheduleDeletionAsync(scheduledFor));
            }
        }

        // A request waiting out a cooling-off (48 hours for a platform's redact) is not woken every period until then:
        // its reminder's first tick is when it may start. One that may start now is stored as started (its receipt
        // and its start audited together), so the work begins without another audit append and another save.
        var wait = start.NotBefore is { } notBefore && notBefore > now ? notBefore - now : TimeSpan.Zero;
        var startsNow = wait == TimeSpan.Zero;
        var s = state.State;
        (s.Exists, s.Kind, s.Source, s.Status, s.ReceivedAt, s.DueAt, s.NotBefore) =
            (true, start.Kind, start.Source, startsNow ? PrivacyRequestStatus.InProgress : PrivacyRequestStatus.Received, now, now.AddMonths(1), start.NotBefore);
        s.CustomerRefs = [.. start.CustomerRefs.Distinct(StringComparer.Ordinal)];
        s.OrderIds = [.. start.OrderIds.Distinct(StringComparer.Ordinal)];
        s.AccessRefs = start.Kind == PrivacyRequestKind.Access ? [.. s.CustomerRefs] : [];
        s.SubjectDigests = [.. s.CustomerRefs.Select(r => SubjectDigest(TenantId, r))];
        s.Subjects = s.CustomerRefs.Count;
        s.OnlyIfEmpty = start.OnlyIfEmpty;
        if (start.Changes is { } changes)
        {
            s.Changes = FieldCipher.Seal(await tenantKeys.CurrentAsync(TenantId), this.GetGrainId().ToString(), "changes", serializer.SerializeToArray(changes));
        }

        if (startsNow && start.Kind == PrivacyRequestKind.TenantErasure)
        {
            // Its failure is the close step's to handle (it probes again); never left unobserved.
            var early = offboarding.FindFirstPageEndAsync(TenantId);
            _ = early.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _firstPageEnd = early;
        }

        // Audited before it is stored: a privacy request is never held without a trace of it.
        var received = new AuditEntry("privacy.request.receive", AuditOutcomes.Success, RequestId, new Dictionary<string, string>
        {
            ["kind"] = PrivacyNames.Of(s.Kind),
            ["source"] = PrivacyNames.Of(s.Source),
            ["subjects"] = s.Subjects.ToString(CultureInfo.InvariantCulture),
            ["orders"] = s.OrderIds.Count.ToString(CultureInfo.InvariantCulture),
            ["dueAt"] = s.DueAt.ToString("O", CultureInfo.InvariantCulture),
        });
        Task audited = startsNow
            ? GrainFactory.GetAuditLogGrain(TenantId).AppendManyAsync([received, new AuditEntry("privacy.request.start", AuditOutcomes.Success, RequestId)])
            : GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(received);
        // The state and the reminder at once (one round trip less before the work starts). Should anything fail from
        // here (the audit, the state, the reminder), the activation goes with the request it set up in memory, so a
        // retry reads only what was stored, and a reminder registered anyway later finds no request (or the cancelled
        // one) and unregisters itself.
        try
        {
            await Task.WhenAll(scheduling, audited);
            var saved = SaveAsync();
            var registered = this.RegisterOrUpdateReminder(ReminderName, wait + options.Value.ResumePeriod, options.Value.ResumePeriod);
            await Task.WhenAll(saved, registered);
            _reminder = await registered;
        }
        catch
        {
            _firstPageEnd = null;
            DeactivateOnIdle();
            throw;
        }

        ScheduleWork(wait);
        return View(caller);
    }

    public Task<PrivacyRequestView> GetAsync() => Task.FromResult(View(RequireVisible()));

    public Task<SignedReceipt> GetReceiptAsync()
    {
        RequireVisible();
        return Task.FromResult(state.State.Receipt ?? throw new ConflictException(state.State.Status == PrivacyRequestStatus.Completed
            ? "Only an erasure has a receipt."
            : "The request has not completed yet; its receipt is signed when it does."));
    }

    public async Task<PrivacyRequestView> CancelAsync()
    {
        var caller = RequireVisible();
        if (state.State.Status != PrivacyRequestStatus.Received)
        {
            throw new ConflictException("Only a request that has not started can be cancelled.");
        }

        if (state.State.Kind == PrivacyRequestKind.TenantErasure)
        {
            await AsPrivacyWorkAsync(() => GrainFactory.GetTenantGrain(TenantId).CancelDeletionAsync());
        }

        await AuditAsync("privacy.request.cancel", AuditOutcomes.Success, null);
        state.State.Status = PrivacyRequestStatus.Cancelled;
        state.State.CompletedAt = time.GetUtcNow();
        (state.State.CustomerRefs, state.State.OrderIds, state.State.Changes) = ([], [], null);
        await SaveAsync();
        await UnregisterAsync();
        return View(caller);
    }

    public Task<TenantDeletionView> GetTenantDeletionAsync()
    {
        if (!state.State.Exists || state.State.Kind != PrivacyRequestKind.TenantErasure)
        {
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        return Task.FromResult(new TenantDeletionView(View(CallerContext.Current!), state.State.Receipt));
    }

    public async Task ForgetSubjectAsync(string customerRef)
    {
        var s = state.State;
        var held = s.AccessRefs.Remove(customerRef) | s.CustomerRefs.Remove(customerRef);
        if (held)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> SubjectsAsync()
    {
        RequireVisible();
        if (state.State.Kind != PrivacyRequestKind.Access || state.State.Status != PrivacyRequestStatus.Completed)
        {
            throw new ConflictException("Only a completed access request has an export.");
        }

        return Task.FromResult<IReadOnlyList<string>>([.. state.State.AccessRefs]);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!state.State.Exists || !PrivacyRequestQueue.IsOpen(state.State.Status))
        {
            await UnregisterAsync();
            return;
        }

        await RunAsync();
    }

    private void ScheduleWork(TimeSpan due) =>
        this.RegisterGrainTimer(static (grain, _) => grain.RunAsync(), this, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));

    /// <summary>Does what is left of the request, as the tenant's privacy work (reminders and timers carry no caller).</summary>
    private async Task RunAsync()
    {
        var s = state.State;
        if (!PrivacyRequestQueue.IsOpen(s.Status) || (s.NotBefore is { } notBefore && notBefore > time.GetUtcNow()))
        {
            return;
        }

        var previous = CallerContext.Current;
        CallerContext.Current = CallerContext.Privacy(TenantId, "privacy-request:" + RequestId);
        try
        {
            if (s.Status == PrivacyRequestStatus.Received)
            {
                await AuditAsync("privacy.request.start", AuditOutcomes.Success, null);
                s.Status = PrivacyRequestStatus.InProgress;
                await SaveAsync();
            }

            switch (s.Kind)
            {
                case PrivacyRequestKind.Erasure:
                    await EraseAsync();
                    break;
                case PrivacyRequestKind.Rectification:
                    await RectifyAsync();
                    break;
                case PrivacyRequestKind.Access:
                    await PrepareAccessAsync();
                    break;
                case PrivacyRequestKind.TenantErasure:
                    await OffboardAsync();
                    break;
                default:
                    await RejectAsync("This kind of request is not carried out by this grain.");
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Left open: the reminder resumes it. Nothing personal in the log line, only the request and the error's type.
            LogWorkFailed(logger, RequestId, exception.GetType().Name);
            state.State = (await ReReadAsync()) ?? state.State;
        }
        finally
        {
            CallerContext.Current = previous;
        }
    }

    private async Task EraseAsync()
    {
        var s = state.State;
        // Every record first: a legal hold on any of the subject's records refuses the whole request, before anything goes.
        var holdings = new List<CustomerHoldings>(s.CustomerRefs.Count);
        foreach (var customerRef in s.CustomerRefs)
        {
            holdings.Add(await GrainFactory.GetCustomerGrain(TenantId, customerRef).GetHoldingsAsync());
        }

        if (holdings.Any(h => h.LegalHold))
        {
            await RejectAsync("The subject is under legal hold: erasure is refused until the hold is lifted.");
            return;
        }

        var skipped = 0;
        foreach (var customerRef in s.CustomerRefs.ToList())
        {
            var held = await SubjectErasure.BeginAsync(GrainFactory, TenantId, customerRef, s.OnlyIfEmpty);
            if (held.LegalHold)
            {
                await RejectAsync("The subject is under legal hold: erasure is refused until the hold is lifted.");
                return;
            }

            if (s.OnlyIfEmpty && (held.ConversationIds.Count > 0 || held.OrderIds.Count > 0))
            {
                // Retention: the record holds data again (arrived inside its retention period). Nothing of it is erased.
                await AuditAsync("privacy.erasure.subject", AuditOutcomes.Success, new Dictionary<string, string> { ["skipped"] = HoldsDataAgain },
                    sensitive: new Dictionary<string, string> { ["customer"] = customerRef });
                skipped++;
                s.CustomerRefs.Remove(customerRef);
                await SaveStateAsync();
                continue;
            }

            await erasure.EraseAsync(GrainFactory, TenantId, held, s.Tally, SaveStateAsync, RequestId, retention: s.OnlyIfEmpty);
            await AuditAsync("privacy.erasure.subject", AuditOutcomes.Success, null, sensitive: new Dictionary<string, string> { ["customer"] = customerRef });
            s.CustomerRefs.Remove(customerRef);
            await SaveStateAsync();
        }

        if (s.OrderIds.Count > 0)
        {
            await erasure.EraseOrdersAsync(GrainFactory, TenantId, s.OrderIds, s.Tally);
            s.OrderIds = [];
            await SaveStateAsync();
        }

        var completedAt = time.GetUtcNow();
        s.Receipt = ErasureReceipt.Sign(signer, TenantId, RequestId, s, completedAt);
        var counts = ErasureReceipt.Details(s.Tally, s.Kind);
        if (s.OnlyIfEmpty && skipped > 0 && s.Tally.Customers == 0)
        {
            // Every record held data again: the request erased nothing (its receipt counts are zero).
            counts["skipped"] = HoldsDataAgain;
        }

        await CompleteAsync(completedAt, counts);
    }

    /// <summary>
    /// Tenant offboarding (<see cref="TenantOffboarding"/>). Before the tenant key goes, the erasure is recorded in the
    /// tenant's log and the operator's, and the tenant's log gets a signed checkpoint (its chain key derives from the
    /// tenant key, so it is the last head anyone can prove). The receipt stays in this grain's state, the one row of
    /// the tenant kept, for the operator's <c>GET /ops/tenants/{tenantId}/deletion</c>.
    /// </summary>
    private async Task OffboardAsync()
    {
        var s = state.State;
        var firstPageEnd = _firstPageEnd;
        _firstPageEnd = null;
        await offboarding.EraseDataAsync(GrainFactory, TenantId, RequestId, this.GetPrimaryKeyString(), this.GetGrainId().ToString(), s, SaveStateAsync, firstPageEnd);
        if (s.OffboardingStep == TenantOffboarding.Steps.Audit)
        {
            var counts = ErasureReceipt.Details(s.Tally, s.Kind);
            // The operator's log and the tenant's are independent chains: both at once. The tenant's two events go
            // in one append (one transaction, all or nothing), and its checkpoint is signed after them, over them.
            var operatorLog = CallerContext.RunAsAsync(CallerContext.Operator("tenant-offboarding"), async () =>
            {
                await GrainFactory.GetAuditLogGrain(GrainKeys.OperatorTenant).AppendAsync(new AuditEntry("tenant.erase", AuditOutcomes.Success, TenantId,
                    new Dictionary<string, string>(counts) { ["requestId"] = RequestId }));
                return true;
            });
            var tenantLog = RecordTenantErasureAsync(counts);
            await Task.WhenAll(operatorLog, tenantLog);
            s.OffboardingStep++;
            await SaveStateAsync();
        }

        await offboarding.DestroyKeyAsync(TenantId, RequestId, s);
        if (s.OffboardingStep == TenantOffboarding.Steps.Done)
        {
            // Nothing more goes to the tenant's log: its chain key went with the tenant key.
            var completedAt = time.GetUtcNow();
            s.Receipt = ErasureReceipt.Sign(signer, TenantId, RequestId, s, completedAt);
            s.Status = PrivacyRequestStatus.Completed;
            s.CompletedAt = completedAt;
            await SaveStateAsync();
            await UnregisterAsync();
        }
    }

    private async Task RecordTenantErasureAsync(IReadOnlyDictionary<string, string> counts)
    {
        await GrainFactory.GetAuditLogGrain(TenantId).AppendManyAsync(
        [
            new AuditEntry("tenant.erase", AuditOutcomes.Success, RequestId, counts),
            new AuditEntry("privacy.request.complete", AuditOutcomes.Success, RequestId, counts),
        ]);
        await CallerContext.RunAsAsync(CallerContext.Operator("tenant-offboarding"), async () => await GrainFactory.GetAuditLogGrain(TenantId).CheckpointAsync());
    }

    private Task AsPrivacyWorkAsync(Func<Task> action) =>
        CallerContext.RunAsAsync(CallerContext.Privacy(TenantId, "privacy-request:" + RequestId), async () =>
        {
            await action();
            return true;
        });

    private async Task RectifyAsync()
    {
        var s = state.State;
        var changes = s.Changes is null ? null : serializer.Deserialize<ContactDetails>(
            FieldCipher.Open(await tenantKeys.VersionAsync(TenantId, s.Changes.KeyVersion), this.GetGrainId().ToString(), "changes", s.Changes));
        foreach (var customerRef in s.CustomerRefs.ToList())
        {
            if (changes is not null)
            {
                try
                {
                    await GrainFactory.GetCustomerGrain(TenantId, customerRef).RectifyAsync(changes);
                }
                catch (ResourceNotFoundException)
                {
                    // Erased since: nothing is held to correct.
                }
            }

            await AuditAsync("privacy.rectification.subject", AuditOutcomes.Success, null, sensitive: new Dictionary<string, string> { ["customer"] = customerRef });
            s.CustomerRefs.Remove(customerRef);
            await SaveStateAsync();
        }

        s.Changes = null;
        await CompleteAsync(time.GetUtcNow(), null);
    }

    private async Task PrepareAccessAsync()
    {
        // The export is written from the subject's grains when it is downloaded, so it is never held as a copy here.
        state.State.CustomerRefs = [];
        await CompleteAsync(time.GetUtcNow(), null);
    }

    private async Task CompleteAsync(DateTimeOffset completedAt, IReadOnlyDictionary<string, string>? details)
    {
        await AuditAsync("privacy.request.complete", AuditOutcomes.Success, details);
        state.State.Status = PrivacyRequestStatus.Completed;
        state.State.CompletedAt = completedAt;
        await SaveAsync();
        await UnregisterAsync();
    }

    private async Task RejectAsync(string reason)
    {
        await AuditAsync("privacy.request.reject", AuditOutcomes.Denied, null, previews: new Dictionary<string, string> { ["reason"] = reason });
        state.State.Status = PrivacyRequestStatus.Rejected;
        state.State.Reason = reason;
        state.State.CompletedAt = time.GetUtcNow();
        (state.State.CustomerRefs, state.State.OrderIds, state.State.Changes) = ([], [], null);
        await SaveAsync();
        await UnregisterAsync();
    }

    private void Validate(PrivacyRequestStart start, CallerContext caller)
    {
        if (!Enum.IsDefined(start.Kind) || !Enum.IsDefined(start.Source) || start.CustomerRefs.Count > MaxSubjects || start.OrderIds.Count > MaxOrders ||
            start.CustomerRefs.Any(r => !GrainKeys.IsValidId(r)) || start.OrderIds.Any(o => !GrainKeys.IsValidId(o)))
        {
            throw new RequestValidationException($"A privacy request names at most {MaxSubjects} customer records and {MaxOrders} orders, by their ids.");
        }

        if ((start.Source == PrivacyRequestSource.Retention) != caller.Scopes.Contains(Scopes.PrivacyErase) ||
            (start.Source == PrivacyRequestSource.Retention && (start.Kind != PrivacyRequestKind.Erasure || start.OrderIds.Count > 0)) ||
            (start.OnlyIfEmpty && start.Source != PrivacyRequestSource.Retention))
        {
            // Only privacy work (the retention sweep) starts a retention erasure, and it starts nothing else; only a retention
            // erasure is conditional on the record holding nothing.
            throw new RequestValidationException("Only retention starts a retention erasure, and only it erases a record only if it holds nothing.");
        }

        if (start.Kind == PrivacyRequestKind.TenantErasure)
        {
            // The whole tenant: only its admin (DELETE /v1/tenant) or its platform (shop/redact), under the tenant's own request id.
            if (caller.Kind == ActorKind.DataSubject || start.Source == PrivacyRequestSource.DataSubject || start.CustomerRefs.Count > 0 ||
                start.OrderIds.Count > 0 || start.Changes is not null || RequestId != TenantErasureRequest.IdOf(TenantId))
            {
                throw new RequestValidationException("A tenant deletion is requested with DELETE /v1/tenant.");
            }

            return;
        }

        if (start.CustomerRefs.Count == 0 && start.OrderIds.Count == 0)
        {
            throw new RequestValidationException("A privacy request names the subject.");
        }

        if ((start.Kind == PrivacyRequestKind.Rectification) != (start.Changes is { IsEmpty: false }))
        {
            throw new RequestValidationException("A rectification, and only a rectification, carries the corrected contact details.");
        }

        if (start.Changes is { } changes && new[] { changes.Name, changes.Email, changes.Phone, changes.ExternalRef }.Any(v => v is { Length: > InboundRules.MaxContactFieldLength }))
        {
            // Refused here, not by the customer record later: a request accepted with details it can never hold would stay open for ever.
            throw new RequestValidationException($"Contact details are limited to {InboundRules.MaxContactFieldLength} characters each.");
        }

        if (caller.Kind == ActorKind.DataSubject &&
            (start.Source != PrivacyRequestSource.DataSubject || start.Kind is not (PrivacyRequestKind.Access or PrivacyRequestKind.Erasure) ||
             start.OrderIds.Count > 0 || start.CustomerRefs is not [var own] || own != caller.Subject))
        {
            throw new AccessDeniedException("A privacy link acts only for its own subject.");
        }
    }

    /// <summary>The caller, when the request exists and is theirs to see (a data subject sees only requests about them).</summary>
    private CallerContext RequireVisible()
    {
        var caller = CallerContext.Current!;
        if (!state.State.Exists ||
            (caller.Kind == ActorKind.DataSubject && (caller.Subject is null || !state.State.SubjectDigests.Contains(SubjectDigest(TenantId, caller.Subject)))))
        {
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        return caller;
    }

    private PrivacyRequestView View(CallerContext caller)
    {
        var s = state.State;
        var overdue = PrivacyRequestQueue.IsOpen(s.Status) && time.GetUtcNow() > s.DueAt;
        return new PrivacyRequestView(RequestId, s.Kind, s.Status, s.Source, s.ReceivedAt, s.DueAt, s.NotBefore, s.CompletedAt, overdue,
            caller.Kind == ActorKind.DataSubject && s.Status == PrivacyRequestStatus.Rejected ? "The request was refused; the merchant can tell you why." : s.Reason,
            s.Subjects);
    }

    /// <summary>SHA-256 of the tenant and ref: the ref is a 130-bit keyed hash, so this reveals nothing and stores no ref.</summary>
    internal static string SubjectDigest(string tenantId, string customerRef) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"omniops/privacy-subject/v1|{tenantId}|{customerRef}")));

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        var s = state.State;
        await queue.UpsertAsync(TenantId, new PrivacyRequestSummary(RequestId, s.Kind, s.Status, s.Source, s.ReceivedAt, s.DueAt, s.CompletedAt), s.SubjectDigests);
    }

    private Task SaveStateAsync() => state.WriteStateAsync();

    private async Task<PrivacyRequestState?> ReReadAsync()
    {
        try
        {
            await state.ReadStateAsync();
            return state.State;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    private async Task UnregisterAsync()
    {
        // The handle this activation registered, else the stored one (after a restart, or should the handle be stale).
        if (_reminder is { } registered)
        {
            _reminder = null;
            try
            {
                await this.UnregisterReminder(registered);
                return;
            }
            catch (ReminderException)
            {
            }
        }

        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private Task AuditAsync(string operation, string outcome, IReadOnlyDictionary<string, string>? details,
        IReadOnlyDictionary<string, string>? sensitive = null, IReadOnlyDictionary<string, string>? previews = null) =>
        GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry(operation, outcome, RequestId, details, sensitive, previews));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Privacy request {RequestId} stopped ({Error}); its reminder resumes it")]
    private static partial void LogWorkFailed(ILogger logger, string requestId, string error);
}
