using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Client.Conversations;

/// <summary>A conversation in the list: ids and times, no content.</summary>
public sealed record ConversationSummaryResponse(string ConversationId, string CustomerRef, string Channel, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt)
{
    public static ConversationSummaryResponse From(ConversationSummary summary) =>
        new(summary.ConversationId, summary.CustomerRef, summary.Channel, summary.CreatedAt, summary.LastActivityAt);
}
