using System.Globalization;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Orders;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Actions;

/// <summary>
/// One proposed action and its state machine (proposed → approved → executed, or rejected | expired after
/// <see cref="Lifetime"/>). The policy — the caller is a human agent or tenant admin, the order is the conversation's
/// customer's, a refund is in the order's currency and at most what is left to refund, the tenant's threshold — runs
/// at proposal and again at approval, against the order as it is then; the order grain checks the amount once more
/// when it records the decision. Executing records a merchant-initiated refund or cancellation on the order for the
/// shop to carry out (no call to the shop's API is made). Decisions are audited as high-risk, without personal data.
/// </summary>
public sealed class ActionGrain(
    [PersistentState(StateNames.Action, StorageNames.Main)] IPersistentState<ActionState> state,
    TimeProvider time) : Grain, IActionGrain
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private AbsentRecordRetirement? _absent;

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string ActionId => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    /// <summary>The view as of <paramref name="now"/>: a proposal past its expiry reads as expired.</summary>
    public static ActionView Current(ActionView view, DateTimeOffset now) =>
        view.Status == ActionStatuses.Proposed && now >= view.ExpiresAt ? view with { Status = ActionStatuses.Expired } : view;

    public async Task<ProposedAction> ProposeAsync(ActionProposal proposal)
    {
        RequireHuman();
        if (state.State.Exists)
        {
            throw new ConflictException("This action was proposed already.");
        }

        Validate(proposal);
        try
        {
            await CheckPolicyAsync(proposal.Kind, proposal.CustomerRef, proposal.OrderId, proposal.Amount, proposal.Currency);
        }
        catch (RequestValidationException refused)
        {
            await AuditAsync("action.propose", AuditOutcomes.Denied, proposal.Kind, proposal.Amount, false, refused.Message);
            throw;
        }

        var threshold = (await GrainFactory.GetTenantGrain(TenantId).GetAsync()).Settings.RefundApprovalThreshold;
        var now = time.GetUtcNow();
        state.State = new ActionState
        {
            Exists = true,
            Kind = proposal.Kind,
            ConversationId = proposal.ConversationId,
            CustomerRef = proposal.CustomerRef,
            OrderId = proposal.OrderId,
            Amount = proposal.Amount,
            Currency = proposal.Currency?.ToUpperInvariant(),
            Status = ActionStatuses.Proposed,
            RequiresApproval = proposal.Kind == ActionKinds.Cancellation || proposal.Amount > threshold,
            ProposedAt = now,
            ExpiresAt = now + Lifetime,
        };
        await AuditAsync("action.propose", AuditOutcomes.Success, proposal.Kind, proposal.Amount, state.State.RequiresApproval, null);
        await state.WriteStateAsync();
        await GrainFactory.GetActionIndexGrain(TenantId).RecordAsync(View());
        return new ProposedAction(ActionId, state.State.Kind, state.State.OrderId, state.State.Amount, state.State.Currency, state.State.Status, state.State.RequiresApproval);
    }

    public Task<ActionView> GetAsync()
    {
        RequireExisting();
        return Task.FromResult(Current(View(), time.GetUtcNow()));
    }

    public async Task<ActionView> ApproveAsync()
    {
        var caller = RequireHuman();
        RequireExisting();
        if (state.State.Status == ActionStatuses.Executed)
        {
            return View();
        }

        await RequireOpenAsync();
        if (caller.Kind != ActorKind.TenantAdmin)
        {
            // An agent executes only what lies within the tenant's limit as it is now (it may have been lowered since).
            var threshold = (await GrainFactory.GetTenantGrain(TenantId).GetAsync()).Settings.RefundApprovalThreshold;
            if (state.State.RequiresApproval || state.State.Kind != ActionKinds.Refund || state.State.Amount > threshold)
            {
                await AuditAsync("action.approve", AuditOutcomes.Denied, state.State.Kind, state.State.Amount, true, "admin-approval-required");
                throw new AccessDeniedException("This action is above the tenant's approval threshold: only a tenant admin may approve it.");
            }
        }

        if (state.State.Status == ActionStatuses.Proposed)
        {
            try
            {
                await CheckPolicyAsync(state.State.Kind, state.State.CustomerRef, state.State.OrderId, state.State.Amount, state.State.Currency);
            }
            catch (RequestValidationException refused)
            {
                await AuditAsync("action.approve", AuditOutcomes.Denied, state.State.Kind, state.State.Amount, state.State.RequiresApproval, refused.Message);
                throw;
            }

            // Audited before anything executes: a high-risk step is never taken without its trace.
            await AuditAsync("action.approve", AuditOutcomes.Success, state.State.Kind, state.State.Amount, state.State.RequiresApproval, null);
            (state.State.Status, state.State.DecidedAt, state.State.DecidedBy) = (ActionStatuses.Approved, time.GetUtcNow(), caller.ActorId);
            await state.WriteStateAsync();
        }

        // Approved, not yet executed (or a retry after the order's write failed): the order records it once per action id.
        await GrainFactory.GetOrderGrain(TenantId, state.State.OrderId).RecordMerchantActionAsync(state.State.CustomerRef,
            new MerchantAction(ActionId, state.State.Kind, state.State.Amount, state.State.Currency, state.State.DecidedAt ?? time.GetUtcNow()));
        state.State.Status = ActionStatuses.Executed;
        await state.WriteStateAsync();
        await AuditAsync("action.execute", AuditOutcomes.Success, state.State.Kind, state.State.Amount, state.State.RequiresApproval, null);
        await GrainFactory.GetActionIndexGrain(TenantId).RecordAsync(View());
        return View();
    }

    public async Task<ActionView> RejectAsync()
    {
        var caller = RequireHuman();
        RequireExisting();
        if (state.State.Status == ActionStatuses.Rejected)
        {
            return View();
        }

        await RequireOpenAsync();
        if (state.State.Status != ActionStatuses.Proposed)
        {
            throw new ConflictException("The action was approved already.");
        }

        await AuditAsync("action.reject", AuditOutcomes.Success, state.State.Kind, state.State.Amount, state.State.RequiresApproval, null);
        (state.State.Status, state.State.DecidedAt, state.State.DecidedBy) = (ActionStatuses.Rejected, time.GetUtcNow(), caller.ActorId);
        await state.WriteStateAsync();
        await GrainFactory.GetActionIndexGrain(TenantId).RecordAsync(View());
        return View();
    }

    private static CallerContext RequireHuman() =>
        CallerContext.Current is { Kind: ActorKind.Agent or ActorKind.TenantAdmin } caller
            ? caller
            : throw new AccessDeniedException("Only a tenant's agents and admins propose and decide actions.");

    /// <summary>Refuses an id that names no action (404); the empty activation retires a moment later.</summary>
    private void RequireExisting()
    {
        if (!state.State.Exists)
        {
            throw (_absent ??= new AbsentRecordRetirement(this, () => !state.State.Exists)).NotFound();
        }
    }

    /// <summary>Refuses a decided or expired action (marking an expired proposal as such).</summary>
    private async Task RequireOpenAsync()
    {
        if (state.State.Status == ActionStatuses.Proposed && time.GetUtcNow() >= state.State.ExpiresAt)
        {
            state.State.Status = ActionStatuses.Expired;
            await state.WriteStateAsync();
            await GrainFactory.GetActionIndexGrain(TenantId).RecordAsync(View());
        }

        if (state.State.Status is ActionStatuses.Rejected or ActionStatuses.Expired)
        {
            throw new ConflictException($"The action is {state.State.Status}.");
        }
    }

    private static void Validate(ActionProposal proposal)
    {
        if (!GrainKeys.IsValidId(proposal.OrderId) || !GrainKeys.IsValidId(proposal.CustomerRef) || !GrainKeys.IsValidId(proposal.ConversationId))
        {
            throw new RequestValidationException("The proposal's ids are not valid.");
        }

        switch (proposal.Kind)
        {
            case ActionKinds.Refund when proposal.Amount is not > 0m || proposal.Amount > 1_000_000_000m || proposal.Amount.Value.Scale > 4:
                throw new RequestValidationException("A refund needs a positive amount with at most 4 decimals.");
            case ActionKinds.Refund when proposal.Currency is not { Length: 3 } code || !code.All(char.IsAsciiLetter):
                throw new RequestValidationException("A refund needs a three-letter ISO 4217 currency code.");
            case ActionKinds.Refund:
                return;
            case ActionKinds.Cancellation when proposal.Amount is null && proposal.Currency is null:
                return;
            default:
                throw new RequestValidationException("An action is a refund (with amount and currency) or a cancellation.");
        }
    }

    /// <summary>The policy, against the order as it is now; a refusal is a <see cref="RequestValidationException"/>.</summary>
    private async Task CheckPolicyAsync(string kind, string customerRef, string orderId, decimal? amount, string? currency)
    {
        OrderView order;
        try
        {
            order = await GrainFactory.GetOrderGrain(TenantId, orderId).GetAsync();
        }
        catch (ResourceNotFoundException)
        {
            throw new RequestValidationException("The order is not one of this conversation's customer's orders.");
        }

        if (order.CustomerRef is null || order.CustomerRef != customerRef)
        {
            throw new RequestValidationException("The order is not one of this conversation's customer's orders.");
        }

        if (kind == ActionKinds.Refund)
        {
            if (!string.Equals(order.Snapshot?.Currency, currency, StringComparison.OrdinalIgnoreCase))
            {
                throw new RequestValidationException("The refund is not in the order's currency.");
            }

            if (Refundable.Remaining(order.Snapshot, order.Refunds, order.MerchantActions) is not { } remaining || amount > remaining)
            {
                throw new RequestValidationException("The refund exceeds what is left to refund on the order.");
            }
        }
        else if (Refundable.IsCancelled(order.Snapshot, order.MerchantActions))
        {
            throw new RequestValidationException("The order is cancelled already.");
        }
    }

    private ActionView View() => new(ActionId, state.State.Kind, state.State.ConversationId, state.State.OrderId, state.State.Amount,
        state.State.Currency, state.State.Status, state.State.RequiresApproval, state.State.ProposedAt, state.State.ExpiresAt,
        state.State.DecidedAt, state.State.DecidedBy);

    /// <summary>A high-risk audit event: kind, amount as a number, whether an admin was required, a policy reason; no personal data.</summary>
    private Task AuditAsync(string operation, string outcome, string kind, decimal? amount, bool requiresApproval, string? reason)
    {
        var details = new Dictionary<string, string>
        {
            ["risk"] = "high",
            ["kind"] = kind,
            ["requiresAdmin"] = requiresApproval ? "true" : "false",
        };
        if (amount is { } value)
        {
            details["amount"] = value.ToString(CultureInfo.InvariantCulture);
        }

        if (reason is not null)
        {
            details["reason"] = reason;
        }

        return GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry(operation, outcome, ActionId, details));
    }
}
