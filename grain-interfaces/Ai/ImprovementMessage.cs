namespace Omniops.Actors.GrainInterfaces.Ai;

/// <summary>One message of a minimised transcript: who wrote it and its text with personal values referenced or removed.</summary>
[GenerateSerializer, Alias("omniops.improvement-message")]
public sealed record ImprovementMessage(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Text);
