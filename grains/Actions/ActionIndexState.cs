using Omniops.Actors.GrainInterfaces.Actions;

namespace Omniops.Actors.Grains.Actions;

[GenerateSerializer, Alias("omniops.action-index-state")]
public sealed class ActionIndexState
{
    /// <summary>The newest actions' views, oldest first (bounded; no personal data).</summary>
    [Id(0)] public List<ActionView> Actions { get; set; } = [];
}
