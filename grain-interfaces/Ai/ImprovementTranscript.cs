namespace Omniops.Actors.GrainInterfaces.Ai;

/// <summary>One conversation, minimised for improvement use; the conversation is named by its opaque id only.</summary>
[GenerateSerializer, Alias("omniops.improvement-transcript")]
public sealed record ImprovementTranscript(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] IReadOnlyList<ImprovementMessage> Messages);
