namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>
/// The database refused an operation for a reason other than an outage (HTTP 500). It carries the SQLSTATE and
/// nothing of the statement or the row: a driver's exception may quote the values it refused, and the cluster
/// cannot serialize it.
/// </summary>
[GenerateSerializer, Alias("omniops.store-failed")]
public sealed class StoreFailedException(string message) : Exception(message);
