using Microsoft.SemanticKernel;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>The <c>catalogue</c> plugin: <c>search_products</c>.</summary>
public sealed class ProductLookupToolProvider(IGrainFactory grains) : IAiToolProvider
{
    public const string PluginName = "catalogue";

    public KernelPlugin Create() => KernelPluginFactory.CreateFromObject(new ProductTools(grains), PluginName);
}
