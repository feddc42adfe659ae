using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Bench.Ingest;

[GenerateSerializer, Alias("omniops.bench.ingest-probe-state")]
public sealed class IngestProbeState
{
    /// <summary>The last message: sealed, or (baseline) the plain body in the same envelope shape.</summary>
    [Id(0)] public EncryptedField? LastMessage { get; set; }

    [Id(1)] public long Count { get; set; }
}
