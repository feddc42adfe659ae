using Omniops.Actors.GrainInterfaces.Incidents;

namespace Omniops.Actors.Grains.Incidents;

[GenerateSerializer, Alias("omniops.incident-state")]
public sealed class IncidentState
{
    /// <summary>The recorded incident; null until it is recorded.</summary>
    [Id(0)] public IncidentReport? Report { get; set; }
}
