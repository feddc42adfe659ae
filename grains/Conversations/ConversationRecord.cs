using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>A conversation's index row and the sequence number of its last stored message.</summary>
public sealed record ConversationRecord(ConversationSummary Summary, long LastSequence);
