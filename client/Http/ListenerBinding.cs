namespace Omniops.Actors.Client.Http;

/// <summary>
/// A listener reserved for some endpoints (the operator dashboard's port). As endpoint metadata: the endpoint is served
/// only on <see cref="Port"/>. As a registered service: nothing else is served on <see cref="Port"/>.
/// </summary>
public sealed record ListenerBinding(int Port);
