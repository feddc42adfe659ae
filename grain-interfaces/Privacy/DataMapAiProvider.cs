namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// The AI provider of the deployment as configured (host, model, region, the retention it states) and whether the
/// tenant enabled AI. Everything but <see cref="Configured"/> and <see cref="EnabledForTenant"/> is null when no
/// provider is configured. <see cref="AutoSend"/>: AI replies go out without a person reviewing them first (the
/// tenant's <c>ai.autoSend</c>); <see cref="HumanReview"/> is its converse. <see cref="Label"/>: how an AI-written reply is
/// labelled to the customer (null without a provider). Never the provider's key.
/// </summary>
[GenerateSerializer, Alias("omniops.data-map-ai")]
public sealed record DataMapAiProvider(
    [property: Id(0)] bool Configured,
    [property: Id(1)] bool EnabledForTenant,
    [property: Id(2)] string? ProviderHost,
    [property: Id(3)] string? Model,
    [property: Id(4)] string? Region,
    [property: Id(5)] int? RetentionDays,
    [property: Id(6)] bool AutoSend = false,
    [property: Id(7)] string? Label = null)
{
    /// <summary>Whether a person reviews every AI reply before it is sent (the tenant has not enabled auto-send).</summary>
    public bool HumanReview => !AutoSend;
}
