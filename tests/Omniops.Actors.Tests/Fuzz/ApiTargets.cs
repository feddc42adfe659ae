namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// What the generated JSON API requests aim at: the victim tenant's id, one of its conversations (with a customer
/// <paramref name="CustomerRef"/>) and an action id of the right shape that names no action.
/// </summary>
public sealed record ApiTargets(string TenantId, string ConversationId, string CustomerRef, string ActionId);
