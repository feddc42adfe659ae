namespace Omniops.Actors.Bench.Webhooks;

/// <summary>The baseline's 202 answer once the delivery is durable.</summary>
public sealed record BaselineAcknowledgement(string ConversationId, string MessageId, bool Duplicate);
