namespace Omniops.Actors.Client.Channels;

/// <summary>The generic channel's body (DESIGN §5): <c>{messageId, conversationId?, customer: {ref, name?, email?, phone?}, text, sentAt?}</c>.</summary>
public sealed record GenericWebhookBody(string MessageId, GenericCustomer Customer, string Text, string? ConversationId = null, DateTimeOffset? SentAt = null)
{
    public override string ToString() => "GenericWebhookBody { [content withheld] }";
}
