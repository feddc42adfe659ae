namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>The tenant's AI settings forbid the call (AI off, provider region not allowed, no training opt-in): HTTP 403 <c>ai-refused</c>.</summary>
[GenerateSerializer, Alias("omniops.ai-refused")]
public sealed class AiRefusedException(string message) : Exception(message);
