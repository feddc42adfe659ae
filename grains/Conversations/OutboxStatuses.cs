namespace Omniops.Actors.Grains.Conversations;

/// <summary>The status of a reply on its way to the channel, shown on the message.</summary>
public static class OutboxStatuses
{
    /// <summary>Stored, with its outbox row: not yet accepted by the channel.</summary>
    public const string Queued = "queued";

    /// <summary>The channel accepted it.</summary>
    public const string Sent = "sent";

    /// <summary>Given up (refused by the channel, or every attempt failed); audited as <c>conversation.send</c> failure.</summary>
    public const string Failed = "failed";
}
