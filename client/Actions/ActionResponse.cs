using Omniops.Actors.GrainInterfaces.Actions;

namespace Omniops.Actors.Client.Actions;

/// <summary>A proposed action as a reviewer sees it (ids and amounts, no personal data).</summary>
public sealed record ActionResponse(string ActionId, string Kind, string ConversationId, string OrderId, decimal? Amount, string? Currency,
    string Status, bool RequiresAdminApproval, DateTimeOffset ProposedAt, DateTimeOffset ExpiresAt, DateTimeOffset? DecidedAt, string? DecidedBy)
{
    public static ActionResponse From(ActionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.ActionId, view.Kind, view.ConversationId, view.OrderId, view.Amount, view.Currency, view.Status, view.RequiresApproval,
            view.ProposedAt, view.ExpiresAt, view.DecidedAt, view.DecidedBy);
    }
}
