namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// What a data subject sees about themselves through their privacy link: what is held by category (never a legal
/// hold), and how the shop uses AI. <see cref="Held"/> is false once nothing is held (an erased or never-seen record).
/// </summary>
[GenerateSerializer, Alias("omniops.subject-overview")]
public sealed record SubjectOverview(
    [property: Id(0)] bool Held,
    [property: Id(1)] int Conversations,
    [property: Id(2)] int Orders,
    [property: Id(3)] bool ContactDetails,
    [property: Id(4)] DataMapAiProvider Ai,
    [property: Id(5)] IReadOnlyList<string> Purposes,
    [property: Id(6)] IReadOnlyList<Subprocessor> Subprocessors);
