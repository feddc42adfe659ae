namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// A row of <c>omniops_outbox</c>: a stored outbound message still to be sent. References only — the text stays
/// sealed in the message row and is opened at send time by the conversation grain.
/// </summary>
public sealed record OutboxEntry(string TenantId, string MessageId, string ConversationId, string Channel, int Attempts, DateTimeOffset NextAttemptAt);
