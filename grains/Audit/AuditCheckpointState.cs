using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Grains.Audit;

/// <summary>The latest signed checkpoint of a log (grain state <c>audit-checkpoint</c>).</summary>
[GenerateSerializer, Alias("omniops.audit-checkpoint-state")]
public sealed class AuditCheckpointState
{
    [Id(0)]
    public AuditCheckpoint? Latest { get; set; }
}
