using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Ai.Drafting;

/// <summary>One stored conversation entry as the drafting pipeline reads it (decrypted, in memory only).</summary>
public sealed record DraftTurn(MessageKind Kind, string Text)
{
    public override string ToString() => $"DraftTurn {{ Kind = {Kind} }}";
}
