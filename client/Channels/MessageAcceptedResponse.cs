using Omniops.Actors.GrainInterfaces.Channels;

namespace Omniops.Actors.Client.Channels;

/// <summary>The generic channel's 202: where the message was stored; <see cref="Duplicate"/> when it had been before (a redelivery).</summary>
public sealed record MessageAcceptedResponse(string ConversationId, string MessageId, bool Duplicate)
{
    public static MessageAcceptedResponse From(IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.ConversationId, result.MessageId, result.Duplicate);
    }
}
