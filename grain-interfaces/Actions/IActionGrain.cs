using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Actions;

/// <summary>
/// One proposed high-impact action (refund, cancellation). Key: <c>{tenantId}/{actionId}</c>, the id opaque and
/// random. Policy code here, not the model, decides: the order must belong to the conversation's customer, a refund
/// may not exceed what is left to refund, and a refund above the tenant's <c>actions.refundApprovalThreshold</c> (and
/// every cancellation) executes only on a tenant admin's approval. Executing records the merchant's decision on the
/// order grain. Every decision is audited as high-risk.
/// </summary>
[TenantScoped, Alias("omniops.action")]
public interface IActionGrain : IGrainWithStringKey
{
    /// <summary>Records the proposal after the policy checks (a refused one is a 400 and records nothing).</summary>
    [Alias("propose"), RequiresScope(Scopes.ConversationsWrite)]
    Task<ProposedAction> ProposeAsync(ActionProposal proposal);

    [Alias("get"), RequiresScope(Scopes.ConversationsRead)]
    Task<ActionView> GetAsync();

    /// <summary>
    /// Approves and executes: an agent only below the tenant's threshold, a tenant admin always; the policy runs
    /// again against the order as it is now. Approving an executed action again changes nothing.
    /// </summary>
    [Alias("approve"), RequiresScope(Scopes.ConversationsWrite)]
    Task<ActionView> ApproveAsync();

    [Alias("reject"), RequiresScope(Scopes.ConversationsWrite)]
    Task<ActionView> RejectAsync();
}
