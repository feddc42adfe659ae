using Omniops.Actors.GrainInterfaces.Ai;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>What a tool may know about the draft it serves: the conversation, and where proposals go.</summary>
public sealed class AiToolContext(string tenantId, string conversationId, string customerRef)
{
    public string TenantId { get; } = tenantId;

    public string ConversationId { get; } = conversationId;

    /// <summary>The conversation's customer (opaque reference); tools look up only this customer's orders.</summary>
    public string CustomerRef { get; } = customerRef;

    /// <summary>Actions the model proposed during this draft (never executed by the model; policy code decides).</summary>
    public List<ProposedAction> ProposedActions { get; } = [];

    /// <summary>Whether a tool asked to hand the conversation to a human.</summary>
    public bool HandOffRequested { get; set; }
}
