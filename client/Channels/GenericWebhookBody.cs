namespace Omniops.Actors.Client.Channels;

/// <summary>The generic channel's body (DESIGN §5): <c>{messageId, conversationId?, customer: {ref, name?, email?, phone?}, text, sentAt?}</c>.</summary>
public sealed record GenericWebhookBody(string MessageId, string? ConversationId, GenericCustomer Customer, string Text, DateTimeOffset? SentAt)
{
    public override string ToString() => "GenericWebhookBody { [content withheld] }";
}
