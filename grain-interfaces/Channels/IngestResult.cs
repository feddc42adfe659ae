namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>Where a delivered message was stored; <see cref="Duplicate"/> when it had been stored before (a redelivery).</summary>
[GenerateSerializer, Immutable, Alias("omniops.ingest-result")]
public sealed record IngestResult(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string MessageId,
    [property: Id(2)] bool Duplicate);
