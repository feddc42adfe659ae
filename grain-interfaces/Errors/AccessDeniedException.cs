namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>The caller is known but lacks the scope the operation declares (HTTP 403).</summary>
[GenerateSerializer, Alias("omniops.access-denied")]
public sealed class AccessDeniedException(string message) : Exception(message);
