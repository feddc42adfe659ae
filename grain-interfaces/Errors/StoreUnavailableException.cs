namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>The data could not be made durable (HTTP 503): nothing was acknowledged, so the sender should retry.</summary>
[GenerateSerializer, Alias("omniops.store-unavailable")]
public sealed class StoreUnavailableException(string message) : Exception(message);
