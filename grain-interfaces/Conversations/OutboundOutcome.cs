namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>What one attempt to send an outbound message came to. Stored by number nowhere; serialized only.</summary>
[GenerateSerializer, Alias("omniops.outbound-outcome")]
public enum OutboundOutcome
{
    /// <summary>The channel accepted the message.</summary>
    Sent = 0,

    /// <summary>A transient failure (network, 5xx, 429, no credential yet): try again later.</summary>
    Retry = 1,

    /// <summary>The channel refused it for good (4xx), or it cannot be addressed: it will not be sent.</summary>
    Failed = 2,

    /// <summary>The message is no longer there (erased): nothing to send, nothing to record.</summary>
    Gone = 3,
}
