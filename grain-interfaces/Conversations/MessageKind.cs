namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>Who a conversation entry comes from. Stored as its number: never renumber.</summary>
[GenerateSerializer, Alias("omniops.message-kind")]
public enum MessageKind : short
{
    /// <summary>The customer, through a channel.</summary>
    Customer = 0,

    /// <summary>A human agent.</summary>
    Agent = 1,

    /// <summary>An AI draft an agent approved (labelled AI-generated).</summary>
    Ai = 2,

    /// <summary>A delivery status the channel reported (sent, delivered, read, failed).</summary>
    Status = 3,
}
