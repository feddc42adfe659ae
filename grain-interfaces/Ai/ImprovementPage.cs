using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.GrainInterfaces.Ai;

/// <summary>A page of minimised transcripts; <see cref="Next"/> continues the listing.</summary>
[GenerateSerializer, Alias("omniops.improvement-page")]
public sealed record ImprovementPage(
    [property: Id(0)] IReadOnlyList<ImprovementTranscript> Transcripts,
    [property: Id(1)] ConversationCursor? Next);
