using Omniops.Actors.GrainInterfaces.Actions;

namespace Omniops.Actors.Grains.Actions;

[GenerateSerializer, Alias("omniops.action-state")]
public sealed class ActionState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Kind { get; set; } = string.Empty;
    [Id(2)] public string ConversationId { get; set; } = string.Empty;

    /// <summary>The conversation's customer, whom the order must belong to (checked again at execution).</summary>
    [Id(3)] public string CustomerRef { get; set; } = string.Empty;

    [Id(4)] public string OrderId { get; set; } = string.Empty;
    [Id(5)] public decimal? Amount { get; set; }
    [Id(6)] public string? Currency { get; set; }
    [Id(7)] public string Status { get; set; } = ActionStatuses.Proposed;
    [Id(8)] public bool RequiresApproval { get; set; }
    [Id(9)] public DateTimeOffset ProposedAt { get; set; }
    [Id(10)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(11)] public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The deciding actor's id (an API key id), never a person's name.</summary>
    [Id(12)] public string? DecidedBy { get; set; }
}
