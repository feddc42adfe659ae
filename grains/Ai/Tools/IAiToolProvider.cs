using Microsoft.SemanticKernel;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// Makes one Semantic Kernel plugin, once per silo (the drafting pipeline builds each provider's plugin once and adds
/// the same instance to every draft's kernel). A function finds the draft it serves through its <see cref="Kernel"/>
/// parameter (<see cref="AiToolContext.Of"/>), never through state of its own. Its functions receive re-identified
/// arguments and return raw results: the drafting pipeline's function-invocation filter resolves references in
/// arguments and minimises every result before the model sees it, so a tool never deals with references itself.
/// Functions call grains as the requesting agent (the draft's <see cref="Orleans.Runtime.RequestContext"/>), under
/// the isolation filter.
/// </summary>
public interface IAiToolProvider
{
    KernelPlugin Create();
}
