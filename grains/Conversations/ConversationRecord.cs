using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// A conversation's index row and the sequence number of its last stored message; <see cref="ChannelAccount"/> is the
/// business account it arrived on (WhatsApp: the <c>phone_number_id</c>), where replies are sent from.
/// </summary>
public sealed record ConversationRecord(ConversationSummary Summary, long LastSequence, string? ChannelAccount = null);
