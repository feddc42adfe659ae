namespace Omniops.Actors.Grains.Ai;

/// <summary>
/// The deployment's AI provider (<c>Omniops:Ai</c>), as the data map and exports state it. Not configured while
/// <see cref="Endpoint"/> is empty; then <see cref="Model"/> and <see cref="Region"/> are required too.
/// </summary>
public sealed class AiProviderOptions
{
    public const string Section = "Omniops:Ai";

    /// <summary>
    /// The provider's OpenAI-compatible base URL including <c>/v1</c> (<c>Omniops__Ai__Endpoint</c>): https, or plain
    /// http only to a loopback address; drafts call <c>{Endpoint}/chat/completions</c>. Its host is what the data map shows.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model used (<c>Omniops__Ai__Model</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Where the provider processes the data (<c>Omniops__Ai__Region</c>, e.g. <c>eu</c>).</summary>
    public string? Region { get; set; }

    /// <summary>How many days the provider states it keeps prompts and completions (<c>Omniops__Ai__RetentionDays</c>, 0 to 3650).</summary>
    public int? RetentionDays { get; set; }

    /// <summary>The provider's key (<c>Omniops__Ai__ApiKey</c>): used to call it, never shown anywhere.</summary>
    public string? ApiKey { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The endpoint's host; null when not configured.</summary>
    public string? ProviderHost => IsConfigured ? new Uri(Endpoint!).Host : null;

    /// <summary>How long one provider call may take before the draft fails (<c>Omniops__Ai__Timeout</c>, 1 second to 2 minutes).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether the values are usable; the silo refuses to start otherwise.</summary>
    public bool IsValid() => !IsConfigured
        || (Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            && !string.IsNullOrWhiteSpace(Model) && !string.IsNullOrWhiteSpace(Region) && RetentionDays is null or >= 0 and <= 3650)
            && Timeout >= TimeSpan.FromSeconds(1) && Timeout <= TimeSpan.FromMinutes(2);
}
