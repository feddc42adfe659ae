namespace Omniops.Actors.Bench.Webhooks;

/// <summary>A generic webhook body as the baseline parses it: <c>{messageId, conversationId?, customer, text, sentAt?}</c>.</summary>
public sealed record BaselinePayload(string MessageId, string? ConversationId, BaselineCustomer Customer, string Text, DateTimeOffset? SentAt);
