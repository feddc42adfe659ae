using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Ai;

/// <summary>
/// The configured OpenAI-compatible provider: one Semantic Kernel <see cref="Kernel"/> per draft, a clone of one built
/// once (the chat completion service and its <see cref="HttpClient"/> shared; plugins and filters the draft's own), since
/// building a kernel's service provider per draft costs more than the rest of the pipeline's CPU. No logger factory is given to the kernel, so Semantic Kernel never logs a prompt. The API
/// key goes only into the provider's Authorization header.
/// </summary>
public sealed class AiProvider(IOptions<AiProviderOptions> options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = options.Value.Timeout };
    private Kernel? _kernel;

    public AiProviderOptions Options => options.Value;

    /// <summary>
    /// A kernel with the provider's chat completion service and no plugins or filters of its own (a fresh clone each
    /// call); throws <see cref="AiUnavailableException"/> when none is configured.
    /// </summary>
    public Kernel CreateKernel()
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            throw NotConfigured();
        }

        if (_kernel is null)
        {
            // A race builds it twice at most; either is equivalent.
            var builder = Kernel.CreateBuilder();
            builder.AddOpenAIChatCompletion(o.Model!, new Uri(o.Endpoint!), o.ApiKey, httpClient: _http);
            _kernel = builder.Build();
        }

        return _kernel.Clone();
    }

    public static AiUnavailableException NotConfigured() =>
        new("No AI provider is configured for this deployment (Omniops:Ai:Endpoint), so AI drafts are unavailable; reply as a human agent.");

    public void Dispose() => _http.Dispose();
}
