namespace Omniops.Actors.GrainInterfaces.Ai;

/// <summary>
/// A high-impact action (refund, cancellation) a model proposed. It never executes from the model: policy code
/// checks role, tenant limits and amount, and above the tenant's threshold an admin approves it.
/// </summary>
[GenerateSerializer, Alias("omniops.proposed-action")]
public sealed record ProposedAction(
    [property: Id(0)] string ActionId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string OrderId,
    [property: Id(3)] decimal? Amount,
    [property: Id(4)] string? Currency,
    [property: Id(5)] string Status,
    [property: Id(6)] bool RequiresApproval);
