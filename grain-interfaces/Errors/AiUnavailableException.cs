namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>No AI provider is configured, or it failed to answer (HTTP 503 <c>ai-unavailable</c>). Never carries prompt text.</summary>
[GenerateSerializer, Alias("omniops.ai-unavailable")]
public sealed class AiUnavailableException(string message) : Exception(message);
