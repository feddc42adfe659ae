using System.ComponentModel;
using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// The proposal tools (one instance per silo; the draft is its kernel's <see cref="AiToolContext"/>). They record a
/// proposed action through its action grain (as the requesting agent) and add it to
/// <see cref="AiToolContext.ProposedActions"/>; policy code in the action grain decides whether it may be recorded and
/// who must approve it. Nothing here executes.
/// </summary>
public sealed class ActionTools(IGrainFactory grains)
{
    [KernelFunction("propose_refund")]
    [Description("Proposes a refund on one of this customer's orders for a human to review. It never refunds anything by itself: an agent or a tenant admin decides.")]
    public Task<ToolOutcome> ProposeRefundAsync(
        Kernel kernel,
        [Description("The order's number as the customer knows it, such as #1001, or its id.")] string order,
        [Description("The amount to refund, in the order's currency, at most what is left to refund.")] decimal amount,
        [Description("The ISO 4217 currency code of the order, such as USD or EUR.")] string currency,
        [Description("Why the refund is proposed, for the reviewer.")] string reason) =>
        ProposeAsync(AiToolContext.Of(kernel), ActionKinds.Refund, order, amount, currency);

    [KernelFunction("propose_cancellation")]
    [Description("Proposes cancelling one of this customer's orders for a tenant admin to review. It never cancels anything by itself.")]
    public Task<ToolOutcome> ProposeCancellationAsync(
        Kernel kernel,
        [Description("The order's number as the customer knows it, such as #1001, or its id.")] string order,
        [Description("Why the cancellation is proposed, for the reviewer.")] string reason) =>
        ProposeAsync(AiToolContext.Of(kernel), ActionKinds.Cancellation, order, null, null);

    private async Task<ToolOutcome> ProposeAsync(AiToolContext context, string kind, string order, decimal? amount, string? currency)
    {
        // The model's reason is not stored (free text may carry personal data); the draft shows it to the reviewer.
        var orderId = (await CustomerOrders.FindAsync(grains, context, order))?.OrderId;
        if (orderId is null)
        {
            return ToolOutcome.Refused("No order of this customer has that number.");
        }

        try
        {
            var proposed = await grains.GetActionGrain(context.TenantId, GrainKeys.NewLocalId('a'))
                .ProposeAsync(new ActionProposal(kind, context.ConversationId, context.CustomerRef, orderId, amount, currency));
            context.ProposedActions.Add(proposed);
            return new ToolOutcome(true, proposed.ActionId, proposed.Status, proposed.RequiresApproval, null);
        }
        catch (RequestValidationException refused)
        {
            return ToolOutcome.Refused(refused.Message);
        }
    }
}
