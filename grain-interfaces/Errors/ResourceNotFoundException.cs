namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>
/// The resource does not exist <em>for this caller</em>. A foreign tenant's resource raises exactly this, with the
/// same message as a missing one, so existence never leaks across tenants.
/// </summary>
[GenerateSerializer, Alias("omniops.not-found")]
public sealed class ResourceNotFoundException() : Exception("The resource does not exist.");
