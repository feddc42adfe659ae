using Microsoft.SemanticKernel;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>The <c>actions</c> plugin: <c>propose_refund</c>, <c>propose_cancellation</c>.</summary>
public sealed class ActionToolProvider(IGrainFactory grains) : IAiToolProvider
{
    public const string PluginName = "actions";

    public KernelPlugin Create() => KernelPluginFactory.CreateFromObject(new ActionTools(grains), PluginName);
}
