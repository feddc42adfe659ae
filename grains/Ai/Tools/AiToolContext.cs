using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// What a tool may know about the draft it serves: the conversation, the customer's orders the draft read, and where
/// proposals go. The tools' plugins are built once per silo; each draft's context travels in its own kernel's
/// <see cref="Kernel.Data"/> (<see cref="AttachTo"/>, <see cref="Of"/>), held in memory for the draft only.
/// </summary>
public sealed class AiToolContext(string tenantId, string conversationId, string customerRef, IReadOnlyList<OrderView>? orders = null)
{
    /// <summary>The <see cref="Kernel.Data"/> key of the draft's context.</summary>
    public const string DataKey = "omniops.ai-tool-context";

    public string TenantId { get; } = tenantId;

    public string ConversationId { get; } = conversationId;

    /// <summary>The conversation's customer (opaque reference); tools look up only this customer's orders.</summary>
    public string CustomerRef { get; } = customerRef;

    /// <summary>
    /// The customer's orders (the newest <see cref="CustomerOrders.MaxOrders"/>, erased ones left out) as this draft
    /// read them, or null until a tool reads them (<see cref="CustomerOrders.OfAsync"/>): read once per draft.
    /// </summary>
    public IReadOnlyList<OrderView>? Orders { get; set; } = orders;

    /// <summary>Actions the model proposed during this draft (never executed by the model; policy code decides).</summary>
    public List<ProposedAction> ProposedActions { get; } = [];

    /// <summary>Whether a tool asked to hand the conversation to a human.</summary>
    public bool HandOffRequested { get; set; }

    /// <summary>Makes this the context of the draft <paramref name="kernel"/> serves.</summary>
    public void AttachTo(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        kernel.Data[DataKey] = this;
    }

    /// <summary>The context of the draft <paramref name="kernel"/> serves; a kernel without one runs no tool.</summary>
    public static AiToolContext Of(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.Data.TryGetValue(DataKey, out var context) && context is AiToolContext found
            ? found
            : throw new InvalidOperationException("The kernel serves no draft: a tool runs only inside a draft.");
    }
}
