namespace Omniops.Actors.Client.Conversations;

/// <summary><c>POST /v1/conversations/{id}/replies</c>: where the reply was stored.</summary>
public sealed record ReplyResponse(string ConversationId, string MessageId);
