namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>The operation conflicts with the resource's current state (HTTP 409).</summary>
[GenerateSerializer, Alias("omniops.conflict")]
public sealed class ConflictException(string message) : Exception(message);
