using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Client.Conversations;

/// <summary>
/// <c>GET /v1/conversations/{id}</c>: the conversation and a page of its messages (decrypted); <see cref="Next"/> is the
/// <c>after</c> of the following page, absent when there is none.
/// </summary>
public sealed record ConversationResponse(
    string ConversationId,
    string CustomerRef,
    string Channel,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    IReadOnlyList<MessageResponse> Messages,
    long? Next)
{
    public static ConversationResponse From(ConversationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Summary.ConversationId, view.Summary.CustomerRef, view.Summary.Channel, view.Summary.CreatedAt, view.Summary.LastActivityAt,
            [.. view.Messages.Select(MessageResponse.From)], view.NextAfter);
    }
}
