using Omniops.Actors.GrainInterfaces.Ai;

namespace Omniops.Actors.Client.Ai;

/// <summary>An action the model proposed (never executed by the model).</summary>
public sealed record ProposedActionResponse(string ActionId, string Kind, string OrderId, decimal? Amount, string? Currency, string Status, bool RequiresApproval)
{
    public static ProposedActionResponse From(ProposedAction a) => new(a.ActionId, a.Kind, a.OrderId, a.Amount, a.Currency, a.Status, a.RequiresApproval);
}
